#!/bin/bash
# drive-codex.sh VERSION SIZE: Codex of VERSION in tmux at SIZE against the mock, through the
# situations of issue 73, each captured into cases/codex.json.
v=$1; sz=$2; S=cx; T=${TUI:-tui}; R=${R:-$(cd "$(dirname "$0")" && pwd)}
cap() { $R/cap.py $S codex @openai/codex $v "$1" "codex $v $sz: $2" "${3:-}" | head -1; }
plan() { echo "$1" > $R/plan.json; }
say() { $T type -n $S "$1"; sleep 0.7; $T keys -n $S Enter; }
$T start -n $S -s $sz -- "$R/env-codex.sh $v -c approval_policy=on-request -c sandbox_mode=read-only; sleep 600"
sleep 8
# Some releases offer a model upgrade or other first-run choices: take the default.
$T screen -n $S | grep -qE "Press enter|enter to (confirm|continue)" && { $T keys -n $S Enter; sleep 3; }
cap idle "at rest, empty prompt"
plan '{"steps":[{"reason":["Planning the change","Reading the build files"],"secs":40,"text":"I looked at it. The build is fine.","text_secs":2}]}'
say "explain the build"; sleep 7
cap running "reasoning: its summary as the status line"
$T type -n $S "then look at the tests"; sleep 0.5; $T keys -n $S Tab; sleep 0.5; $T keys -n $S Enter; sleep 2
cap running "reasoning with a follow-up typed while it works (queued)"
$T wait -n $S "Worked for|Done|build is fine" 90000 >/dev/null; sleep 12
plan '{"steps":[{"text":"I checked the flags and they are set the way the README describes, except for the optimisation level, which the Makefile overrides. Do you want me to change the Makefile so that it follows the README, or the README so that it follows the Makefile?","secs":3}]}'
$T wait -n $S "Worked for|Done" 60000 >/dev/null; sleep 3
say "check the flags"; sleep 10
cap idle "a finished answer that ends in a question to the user"
plan '{"steps":[{"reason":["Weighing both options"],"secs":40,"text":"I changed the README.","text_secs":1}]}'
say "whichever is simpler?"; sleep 6
$T type -n $S "and can you tell me afterwards what the optimisation level was before you changed it?"; sleep 1
cap running "working on a reply to its own question, a wrapped question typed into the input line"
$T keys -n $S C-u; sleep 0.3; $T keys -n $S C-u
$T wait -n $S "changed the README" 60000 >/dev/null; sleep 3
plan '{"steps":[{"tools":[{"shell":"sleep 40 && echo one > /tmp/aw-one","extra":{"sandbox_permissions":"require_escalated","justification":"Write the first job output"}},{"shell":"sleep 40 && echo two > /tmp/aw-two","extra":{"sandbox_permissions":"require_escalated","justification":"Write the second job output"}}]},{"text":"Both finished.","secs":1}]}'
say "run both jobs"; sleep 6
cap waiting "the first of two parallel approvals" 'run `sleep 40 && echo one > /tmp/aw-one`?'
$T keys -n $S y; sleep 3
cap waiting "the second parallel approval, the first given" 'run `sleep 40 && echo two > /tmp/aw-two`?'
$T keys -n $S y; sleep 4
cap running "both parallel approvals given, the commands running"
$T wait -n $S "Both finished" 90000 >/dev/null; sleep 3
plan '{"steps":[{"tools":[{"tool":"slow_lookup","args":{"query":"build flags","secs":40}}]},{"text":"Found the build flags.","secs":1}]}'
say "look up the build flags"; sleep 6
if $T screen -n $S | grep -qiE "allow|approve"; then cap waiting "an MCP tool approval" "Allow the slow MCP server to run tool"; $T keys -n $S Enter; sleep 4; fi
cap running "an MCP tool call running"
$T wait -n $S "Found the build" 90000 >/dev/null; sleep 3
plan '{"steps":[{"error":429,"times":3,"then":{"text":"Recovered after the rate limit.","secs":1}}]}'
say "try again"; sleep 2.5
CAP_WAIT=0.3 cap running "the API answers 429: it retries"
$T wait -n $S "Recovered|error|Error" 90000 >/dev/null; sleep 4
cap idle "after the retries"
plan '{"steps":[{"hang":40,"then":{"text":"Slow reply.","secs":1}}]}'
say "one more"; sleep 6
cap running "waiting for a slow first byte from the API"
$T wait -n $S "Slow reply" 90000 >/dev/null; sleep 3
$T type -n $S "/mo"; sleep 2
cap idle "slash-command menu while the user types /mo"
$T keys -n $S BSpace BSpace BSpace; sleep 1
$T stop -n $S
