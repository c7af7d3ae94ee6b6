#!/bin/bash
# drive-codex99.sh VERSION SIZE [SITUATION...]: Codex of VERSION in tmux at SIZE against the mock,
# through the situations of issue 99 (what sits between its live row and its input line, and a turn
# that ended under its row), each in a fresh Codex, captured into cases/codex.json.
v=$1; sz=$2; shift 2; S=cx99; T=${TUI:-tui}; R=${R:-$(cd "$(dirname "$0")" && pwd)}
export CAP_WHEN=${CAP_WHEN:-"2026-11-29, issue 99"}
cap() { $R/cap.py $S codex @openai/codex $v "$1" "codex $v $sz: $2${SUFFIX:-}" "${3:-}" | head -1; }
plan() { echo "$1" > $R/plan.json; }
say() { $T type -n $S "$1"; sleep 0.7; $T keys -n $S Enter; }
queue() { $T type -n $S "$1"; sleep 0.5; $T keys -n $S Tab; }
# Follow-ups get a short answer of their own (the mock picks steps by the last prompt's words).
F='"prompts":{"tests":{"steps":[{"text":"The tests pass.","secs":2}]},"summarise":{"steps":[{"text":"In short: fine.","secs":2}]},"docs":{"steps":[{"text":"The docs are current.","secs":2}]},"tell me":{"steps":[{"text":"Told.","secs":1}]},"linker":{"steps":[{"text":"The linker flags are default.","secs":1}]}'
# What an approval asks, as the hub words it: the command on its "$ " line.
asked() { $T screen -n $S | sed -n 's/^ *\$ \(.*\)$/run `\1`?/p' | head -1; }
fresh() {
  $T stop -n $S 2>/dev/null
  $T start -n $S -s $sz -- "$R/env-codex.sh $v $CODEX_ARGS -c approval_policy=on-request -c sandbox_mode=read-only $*; sleep 900"
  $T wait -n $S "Ask Codex|Press enter|enter to (confirm|continue)" 20000 >/dev/null; sleep 2
  $T screen -n $S | grep -qE "Press enter|enter to (confirm|continue)" && { $T keys -n $S Enter; sleep 3; }
}
situations=${*:-steer reason background helper interrupt parallel mcp unbound}
for s in $situations; do case $s in
steer) # A follow-up sent while a command runs (steered in at the next tool call), then one queued.
  fresh
  plan '{"steps":[{"tools":[{"shell":"sleep 25","extra":{"yield_time_ms":60000}}]},{"text":"The wait is over.","secs":2}],'"$F"'}}'
  say "wait for the build"; sleep 6
  say "and then look at the tests"; sleep 2
  cap running "a follow-up sent while a command runs: messages to be submitted after the next tool call"
  queue "then summarise"; sleep 2
  cap running "a follow-up sent and another queued while a command runs"
  $T wait -n $S "In short" 60000 >/dev/null; sleep 3
  cap idle "at rest after the follow-ups were answered" ;;
reason) # Follow-ups queued while it reasons (its summary's header as the live row).
  fresh
  plan '{"steps":[{"reason":["Planning the queue region fix","Reading the build files"],"secs":30,"text":"I looked at it. The build is fine.","text_secs":2}],'"$F"'}}'
  say "explain the build"; sleep 7
  cap running "it reasons (its summary's text as the live row)"
  queue "also the tests please"; sleep 2
  cap running "a follow-up queued while it reasons"
  queue "and the docs"; sleep 2
  cap running "two follow-ups queued while it reasons"
  $T wait -n $S "docs are current" 90000 >/dev/null; sleep 3 ;;
background) # A command left running in a background terminal while the turn goes on, then after it.
  fresh
  plan '{"steps":[{"tools":[{"shell":"sleep 90","extra":{"yield_time_ms":1000}}]},{"reason":["Checking the server"],"secs":15,"text":"The server runs in the background while I write this long reply, word by word, so that the turn goes on for a while after the command was left running in its terminal. Here it is over.","text_secs":15}],'"$F"'}}'
  say "start the server and explain it"; sleep 6
  cap running "a command left in a background terminal, it reasons"
  queue "then summarise"; sleep 2
  cap running "a command left in a background terminal, it reasons, a follow-up queued"
  $T wait -n $S "The server runs" 60000 >/dev/null; sleep 4
  cap running "a command left in a background terminal, the answer streaming, a follow-up queued"
  $T wait -n $S "In short" 60000 >/dev/null; sleep 4
  cap idle "the turn over, a background terminal still running" ;;
helper) # A helper agent asks approval while the main thread runs a command.
  fresh
  plan '{"steps":[{"tools":[{"tool":"spawn_agent","args":{"message":"SUBJOB clean the build folder"}}]},{"tools":[{"shell":"sleep 30","extra":{"yield_time_ms":60000}}]},{"text":"All done here.","secs":2}],"prompts":{"SUBJOB":{"steps":[{"tools":[{"shell":"rm -rf build && echo cleaned","extra":{"sandbox_permissions":"require_escalated","justification":"Remove the build folder"}}]},{"text":"Cleaned.","secs":1}]}}}'
  say "clean up with a helper"; $T wait -n $S "Press enter to confirm" 30000 >/dev/null; sleep 2
  cap waiting "a helper agent's approval over the main thread's work" 'run `rm -rf build && echo cleaned`?'
  $T keys -n $S y; sleep 3
  cap running "the helper's approval given, the main thread's command running"
  $T wait -n $S "All done here" 90000 >/dev/null; sleep 3 ;;
interrupt) # An interrupted turn: esc while a command runs, a follow-up queued.
  fresh
  plan '{"steps":[{"tools":[{"shell":"sleep 40","extra":{"yield_time_ms":60000}}]},{"text":"The wait is over.","secs":2}],'"$F"'}}'
  say "wait for the deploy"; sleep 6
  cap running "a command running before the interrupt"
  queue "then summarise"; sleep 2
  cap running "a command running, a follow-up queued, before the interrupt"
  $T keys -n $S Escape; sleep 3
  cap idle "a turn interrupted while its command ran (Conversation interrupted)" ;;
parallel) # Two approvals at once, then both commands running with a follow-up queued.
  fresh
  plan '{"steps":[{"tools":[{"shell":"sleep 30 && echo one > /tmp/aw99-one","extra":{"sandbox_permissions":"require_escalated","justification":"Write the first job output","yield_time_ms":60000}},{"shell":"sleep 30 && echo two > /tmp/aw99-two","extra":{"sandbox_permissions":"require_escalated","justification":"Write the second job output","yield_time_ms":60000}}]},{"text":"Both finished.","secs":1}],'"$F"'}}'
  say "run both jobs"; $T wait -n $S "Press enter to confirm" 30000 >/dev/null; sleep 1
  cap waiting "the first of two parallel approvals" "$(asked)"
  $T keys -n $S y; sleep 3
  if $T screen -n $S | grep -q "Press enter to confirm"; then
    cap waiting "the second parallel approval, the first given" "$(asked)"; $T keys -n $S y; sleep 3
  else cap running "one approval given for both parallel calls, the commands running"; fi
  say "then tell me"; sleep 2
  cap running "both approvals given, the commands running, a follow-up sent"
  $T wait -n $S "Told" 90000 >/dev/null; sleep 3 ;;
mcp|unbound) # An MCP call and its approval (unbound: with the interrupt key unbound, no hint drawn).
  if [ $s = unbound ]; then fresh -c 'tui.keymap.chat.interrupt_turn=[]'; k=", the interrupt key unbound"; else fresh; k=; fi
  plan '{"steps":[{"tools":[{"tool":"slow_lookup","args":{"query":"build flags","secs":30}}]},{"text":"Found the build flags.","secs":1}],'"$F"'}}'
  say "look up the build flags"; sleep 6
  if $T screen -n $S | grep -qiE "allow"; then cap waiting "an MCP tool approval$k" 'Allow the slow MCP server to run tool "slow_lookup"?'; $T keys -n $S Enter; sleep 4; fi
  cap running "an MCP tool call running$k"
  say "and the linker flags"; sleep 2
  cap running "an MCP tool call running, a follow-up sent$k"
  $T wait -n $S "linker flags are" 90000 >/dev/null; sleep 3 ;;
esac; done
$T stop -n $S
