#!/bin/bash
# drive-oc.sh VERSION SIZE: OpenCode of VERSION in tmux at SIZE against the mock (8766), through
# the situations of issue 73, each captured into cases/opencode.json.
v=$1; sz=$2; S=oc; T=${TUI:-tui}; R=${R:-$(cd "$(dirname "$0")" && pwd)}
cap() { $R/cap.py $S opencode opencode-ai $v "$1" "opencode $v $sz: $2" "${3:-}" | head -1; }
plan() { echo "$1" > $R/plan-oc.json; }
say() { $T type -n $S "$1"; sleep 0.7; $T keys -n $S Enter; }
$T start -n $S -s $sz -- "$R/env-oc.sh $v; sleep 600"
sleep 20
cap idle "at rest after start"
plan '{"steps":[{"reason":["Planning the change","Reading the build files"],"secs":40,"text":"I looked at it. The build is fine.","text_secs":2}]}'
say "explain the build"; sleep 8
cap running "thinking (a slow reasoning stream)"
$T type -n $S "then look at the tests"; sleep 0.7; $T keys -n $S Enter; sleep 2
cap running "thinking, a follow-up sent while it works (queued)"
$T wait -n $S "build is fine" 90000 >/dev/null; sleep 15
cap idle "turns over"
plan '{"steps":[{"text":"I checked the flags and they are set the way the README describes, except for the optimisation level, which the Makefile overrides. It will take a while to write all of this out, so here is the long version of what I found in every file of the build, one at a time, with the reasons for each flag and what each one changes in the output of the compiler and the linker. Do you want me to change the Makefile so that it follows the README?","secs":25}]}'
say "check the flags"; sleep 8
cap running "streaming a long answer slowly"
$T wait -n $S "follows the README\?" 60000 >/dev/null; sleep 4
cap idle "a finished answer that ends in a question to the user"
plan '{"steps":[{"tools":[{"shell":"sleep 30 && echo built","description":"Run the build"}]},{"text":"The build finished.","secs":1}]}'
say "run the build"; sleep 6
cap waiting "bash permission" 'run `sleep 30 && echo built`?'
$T keys -n $S Enter; sleep 5
cap running "the allowed command running"
$T wait -n $S "build finished" 90000 >/dev/null; sleep 3
plan '{"steps":[{"tools":[{"tool":"slow_lookup","args":{"query":"build flags","secs":35}}]},{"text":"Found the build flags.","secs":1}]}'
say "look up the build flags"; sleep 6
if $T screen -n $S | grep -qiE "permission required"; then cap waiting "an MCP tool permission" "slow_lookup"; $T keys -n $S Enter; sleep 4; fi
cap running "an MCP tool call running"
$T wait -n $S "Found the build" 90000 >/dev/null; sleep 3
plan '{"steps":[{"error":429,"times":8,"then":{"text":"Recovered after the rate limit.","secs":1}}]}'
say "try again"; sleep 4
CAP_WAIT=0.3 cap running "the API answers 429: it retries"
$T wait -n $S "Recovered|rror" 90000 >/dev/null; sleep 4
plan '{"steps":[{"hang":40,"then":{"text":"Slow reply.","secs":1}}]}'
say "one more"; sleep 8
cap running "waiting for a slow first byte from the API"
$T wait -n $S "Slow reply" 90000 >/dev/null; sleep 3
$T type -n $S "/mo"; sleep 2
cap idle "slash-command menu while the user types /mo"
$T keys -n $S Escape; sleep 1
$T stop -n $S
