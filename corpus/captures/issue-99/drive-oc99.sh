#!/bin/bash
# drive-oc99.sh VERSION SIZE [SITUATION...]: OpenCode of VERSION in tmux at SIZE against the mock
# (8766, plan-oc.json), through the situations of issue 99, each in a fresh OpenCode, captured
# into cases/opencode.json.
v=$1; sz=$2; shift 2; S=oc99; T=${TUI:-tui}; R=${R:-$(cd "$(dirname "$0")" && pwd)}
export CAP_WHEN=${CAP_WHEN:-"2026-11-29, issue 99"}
cap() { $R/cap.py $S opencode opencode-ai $v "$1" "opencode $v $sz: $2${SUFFIX:-}" "${3:-}" | head -1; }
plan() { echo "$1" > $R/plan-oc.json; }
say() { $T type -n $S "$1"; sleep 0.7; $T keys -n $S Enter; }
F='"prompts":{"tests":{"steps":[{"text":"The tests pass.","secs":2}]},"summarise":{"steps":[{"text":"In short: fine.","secs":2}]}'
fresh() {
  $T stop -n $S 2>/dev/null
  $T start -n $S -s $sz -- "$R/env-oc.sh $v; sleep 900"
  $T wait -n $S "Ask anything" 180000 >/dev/null; sleep 3
}
for s in ${*:-queued parallel question helper interrupt}; do case $s in
queued) # Follow-ups sent while an allowed command runs (QUEUED), and while it streams.
  fresh
  plan '{"steps":[{"tools":[{"shell":"sleep 30 && echo built","description":"Run the build"}]},{"text":"The build finished, and here is a long account of it, written out word by word so that the answer streams for a good while before it ends.","secs":15}],'"$F"'}}'
  say "run the build"; $T wait -n $S "Permission required" 120000 >/dev/null; sleep 1
  $T keys -n $S Enter; sleep 5
  say "and then look at the tests"; sleep 2
  cap running "a follow-up sent while an allowed command runs (queued)"
  say "then summarise"; sleep 2
  cap running "two follow-ups queued while a command runs"
  # (OpenCode sends the queued follow-ups with the command's result: one short answer ends the turn.)
  $T wait -n $S "Done\.|build finished" 90000 >/dev/null; sleep 4
  cap idle "the turn over, the follow-ups it had queued answered with it" ;;
parallel) # Two permissions at once.
  fresh
  plan '{"steps":[{"tools":[{"shell":"sleep 20 && echo one","description":"First job"},{"shell":"sleep 20 && echo two","description":"Second job"}]},{"text":"Both finished.","secs":1}]}'
  say "run both jobs"; $T wait -n $S "Permission required" 120000 >/dev/null; sleep 2
  cap waiting "the first of two permissions at once" "$($T screen -n $S | sed -n 's/^.*\$ \(.*[^ ]\) *$/run `\1`?/p' | head -1)"
  $T keys -n $S Enter; sleep 3
  if $T screen -n $S | grep -q "Permission required"; then
    cap waiting "the second permission, the first allowed" "$($T screen -n $S | sed -n 's/^.*\$ \(.*[^ ]\) *$/run `\1`?/p' | head -1)"; $T keys -n $S Enter; sleep 3
  fi
  cap running "both commands allowed and running"
  $T wait -n $S "Both finished" 60000 >/dev/null; sleep 3 ;;
question) # Its question tool: the model asks, with choices.
  fresh
  plan '{"steps":[{"tools":[{"tool":"question","args":{"questions":[{"question":"Which build should I fix first?","header":"Build","options":[{"label":"Debug","description":"The debug build"},{"label":"Release","description":"The release build"}]}]}}]},{"text":"Fixing that one.","secs":1}]}'
  say "fix the build"; $T wait -n $S "Which build" 120000 >/dev/null; sleep 2
  cap waiting "its question tool asks which build, with choices" "Which build should I fix first?"
  $T keys -n $S Enter; sleep 4
  $T screen -n $S | grep -q "enter submit" && { cap waiting "its question tool, a choice made, to confirm" "Which build should I fix first?"; $T keys -n $S Enter; sleep 4; }
  $T wait -n $S "Fixing that" 30000 >/dev/null; sleep 3 ;;
helper) # A subagent's command asks permission while the main session waits for it.
  fresh
  plan '{"steps":[{"tools":[{"tool":"task","args":{"description":"Clean the build","prompt":"SUBJOB clean the build folder","subagent_type":"general"}}]},{"text":"All done here.","secs":2}],"prompts":{"SUBJOB":{"steps":[{"tools":[{"shell":"sleep 20 && echo cleaned","description":"Clean the build folder"}]},{"text":"Cleaned.","secs":1}]}}}'
  say "clean up with a helper"; $T wait -n $S "Permission required" 120000 >/dev/null; sleep 2
  cap waiting "a subagent's command asks permission" "$($T screen -n $S | sed -n 's/^.*\$ \(.*[^ ]\) *$/run `\1`?/p' | head -1)"
  $T keys -n $S Enter; sleep 4
  cap running "the subagent's command allowed and running"
  $T wait -n $S "All done here" 60000 >/dev/null; sleep 3 ;;
interrupt) # An interrupted turn: esc twice while a command runs.
  fresh
  plan '{"steps":[{"tools":[{"shell":"sleep 40 && echo deployed","description":"Deploy"}]},{"text":"Deployed.","secs":1}]}'
  say "deploy it"; $T wait -n $S "Permission required" 120000 >/dev/null; sleep 1; $T keys -n $S Enter; sleep 5
  cap running "an allowed command running, before the interrupt"
  $T keys -n $S Escape; sleep 0.5
  CAP_WAIT=0.3 cap running "esc pressed once while a command runs (it asks for another)"
  $T keys -n $S Escape; sleep 4
  cap idle "the turn interrupted" ;;
esac; done
$T stop -n $S
