#!/bin/bash
# drive-gemini.sh VERSION SIZE: Gemini CLI of VERSION in tmux at SIZE against the mock (8770).
v=$1; sz=$2; S=gm; T=${TUI:-tui}; R=${R:-$(cd "$(dirname "$0")" && pwd)}
cap() { $R/cap.py $S gemini @google/gemini-cli $v "$1" "gemini $v $sz: $2" "${3:-}" | head -1; }
plan() { echo "$1" > $R/plan-gm.json; }
say() { $T type -n $S "$1"; sleep 0.7; $T keys -n $S Enter; }
rm -rf $R/home-gemini-$v $R/work-gm
$T start -n $S -s $sz -- "$R/env-gemini.sh $v; sleep 600"
sleep 15
$T screen -n $S | grep -qi "trust the files" && { cap waiting "trust this folder? (first run)" "Do you trust the files in this folder?"; $T keys -n $S Enter; sleep 8; }
cap idle "at rest"
plan '{"steps":[{"reason":["Planning the change","Reading the build files"],"secs":30,"text":"I looked at it. The build is fine.","text_secs":2}]}'
say "explain the build"; sleep 7
cap running "thinking (a slow reasoning stream)"
$T type -n $S "then look at the tests"; sleep 0.7; $T keys -n $S Enter; sleep 2
cap running "thinking, a follow-up typed while it works (queued)"
$T wait -n $S "build is fine" 90000 >/dev/null; sleep 40
plan '{"steps":[{"text":"I checked the flags and they are set the way the README describes, except for the optimisation level, which the Makefile overrides. It will take a while to write all of this out, so here is the long version of what I found in every file of the build, one at a time. Do you want me to change the Makefile so that it follows the README?","secs":20}]}'
say "check the flags"; sleep 7
cap running "streaming a long answer slowly"
$T wait -n $S "follows the README\?" 60000 >/dev/null; sleep 4
cap idle "a finished answer that ends in a question to the user"
plan '{"steps":[{"tools":[{"shell":"sleep 25 && echo built","description":"Run the build"}]},{"text":"The build finished.","secs":1}]}'
say "run the build"; sleep 6
cap waiting "shell command approval" 'run `sleep 25 && echo built`?'
$T keys -n $S Enter; sleep 5
cap running "the allowed command running"
$T wait -n $S "build finished" 90000 >/dev/null; sleep 3
plan '{"steps":[{"tools":[{"tool":"slow_lookup","args":{"query":"build flags","secs":30}}]},{"text":"Found the build flags.","secs":1}]}'
say "look up the build flags"; sleep 6
$T screen -n $S | grep -qiE "allow|proceed|approve" && { cap waiting "an MCP tool approval" "slow_lookup"; $T keys -n $S Enter; sleep 4; }
cap running "an MCP tool call running"
$T wait -n $S "Found the build" 90000 >/dev/null; sleep 3
plan '{"steps":[{"error":429,"for_secs":20,"then":{"text":"Recovered after the rate limit.","secs":1}}]}'
say "try the rate limited call"; sleep 6
CAP_WAIT=0.5 cap running "the API answers 429 for 20 s: it retries"
$T wait -n $S "Recovered after|rror" 60000 >/dev/null; sleep 4
cap idle "after the 429s"
$T type -n $S "/mo"; sleep 2
cap idle "slash-command menu while the user types /mo"
$T keys -n $S Escape; sleep 1
$T stop -n $S
