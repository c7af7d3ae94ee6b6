#!/bin/bash
# drive-claude99.sh VERSION SIZE [SITUATION...]: Claude Code of VERSION in tmux at SIZE against the
# mock (8767, plan-cl.json), through the situations of issue 99, each in a fresh Claude Code (its
# folder trusted once), captured into cases/claude.json.
v=$1; sz=$2; shift 2; S=cl99; T=${TUI:-tui}; R=${R:-$(cd "$(dirname "$0")" && pwd)}
export CAP_WHEN=${CAP_WHEN:-"2026-11-29, issue 99"}
cap() { $R/cap.py $S claude @anthropic-ai/claude-code $v "$1" "claude $v $sz: $2${SUFFIX:-}" "${3:-}" | head -1; }
plan() { echo "$1" > $R/plan-cl.json; }
say() { $T type -n $S "$1"; sleep 0.7; $T keys -n $S Enter; }
F='"prompts":{"tests":{"steps":[{"text":"The tests pass.","secs":2}]},"summarise":{"steps":[{"text":"In short: fine.","secs":2}]}'
# Its commands are a script that takes a while (it refuses a bare "sleep 30 && …").
mkdir -p $R/work-claude; printf 'sleep "$2"; echo "$1 done"\n' > $R/work-claude/job.sh
fresh() {
  $T stop -n $S 2>/dev/null
  $T start -n $S -s $sz -- "$R/env-claude.sh $v; sleep 900"
  $T wait -n $S "trust|Try|❯" 60000 >/dev/null; sleep 3
  # The trust prompt and the folder's MCP server, once per folder: "Yes"; an offer of its auto
  # mode: not taken (it would answer the permissions it is driven into).
  for _ in 1 2 3 4 5 6 7 8; do
    sleep 2; scr=$($T screen -n $S)
    if echo "$scr" | grep -qiE "trust (the files in )?this folder|MCP server"; then
      echo "$scr" | grep -q "❯ No, exit" && $T keys -n $S Down; $T keys -n $S Enter; sleep 4
    elif echo "$scr" | grep -qi "auto mode" && echo "$scr" | grep -q "❯"; then
      $T keys -n $S Escape; sleep 2
    fi
  done
}
for s in ${*:-queued parallel background helper question interrupt}; do case $s in
queued) # Follow-ups sent while an allowed command runs (queued under the spinner).
  fresh
  plan '{"steps":[{"tools":[{"shell":"bash job.sh built 30","description":"Run the build"}]},{"text":"The build finished.","secs":3}],'"$F"'}}'
  say "run the build"; $T wait -n $S "Do you want to proceed" 30000 >/dev/null; sleep 1; $T keys -n $S Enter; sleep 5
  say "and then look at the tests"; sleep 2
  cap running "a follow-up sent while an allowed command runs (queued)"
  say "then summarise"; sleep 2
  cap running "two follow-ups queued while a command runs"
  $T wait -n $S "In short" 90000 >/dev/null; sleep 4 ;;
parallel) # Two permissions at once.
  fresh
  plan '{"steps":[{"tools":[{"shell":"bash job.sh one 20","description":"First job"},{"shell":"bash job.sh two 20","description":"Second job"}]},{"text":"Both finished.","secs":1}]}'
  say "run both jobs"; $T wait -n $S "Do you want to proceed" 30000 >/dev/null; sleep 2
  cap waiting "the first of two permissions at once" "$($T screen -n $S | grep -m1 -oE 'bash job.sh (one|two) 20' | sed 's/.*/run `&`?/')"
  $T keys -n $S Enter; sleep 3
  if $T screen -n $S | grep -q "Do you want to proceed"; then
    cap waiting "the second permission, the first allowed" "$($T screen -n $S | grep -m1 -oE 'bash job.sh (one|two) 20' | sed 's/.*/run `&`?/')"; $T keys -n $S Enter; sleep 3
  fi
  cap running "both commands allowed and running"
  $T wait -n $S "Both finished" 60000 >/dev/null; sleep 3 ;;
background) # A command left running in the background while the turn goes on, then after the turn.
  fresh
  plan '{"steps":[{"tools":[{"shell":"python3 -m http.server 8799","description":"Start the server","extra":{"run_in_background":true}}]},{"text":"The server runs in the background while I write this long reply, word by word, so that the turn goes on for a while after the command was left running. Here it is over.","secs":20}],'"$F"'}}'
  say "start the server and explain it"; $T wait -n $S "Do you want to proceed" 30000 >/dev/null && { sleep 1; $T keys -n $S Enter; }; sleep 6
  cap running "a command left running in the background, the answer streaming"
  say "then summarise"; sleep 2
  cap running "a command left running in the background, a follow-up queued"
  $T wait -n $S "In short" 90000 >/dev/null; sleep 4
  cap idle "the turn over, a background command still running" ;;
helper) # A subagent's command asks permission.
  fresh
  plan '{"steps":[{"tools":[{"tool":"Task","args":{"description":"Clean the build","prompt":"SUBJOB clean the build folder","subagent_type":"general-purpose"}}]},{"text":"All done here.","secs":2}],"prompts":{"SUBJOB":{"steps":[{"tools":[{"shell":"bash job.sh cleaned 20","description":"Clean the build folder"}]},{"text":"Cleaned.","secs":1}]}}}'
  say "clean up with a helper"; $T wait -n $S "Do you want to proceed" 30000 >/dev/null; sleep 2
  cap waiting "a subagent's command asks permission" 'run `bash job.sh cleaned 20`?'
  $T keys -n $S Enter; sleep 4
  cap running "the subagent's command allowed and running"
  $T wait -n $S "background agent to finish" 60000 >/dev/null; sleep 2
  cap running "the main turn waiting for its background agent to finish"
  for _ in $(seq 40); do $T screen -n $S | grep -q "Waiting for 1 background agent" || break; sleep 5; done; sleep 5
  cap idle "after the background agent finished" ;;
question) # Its AskUserQuestion tool: the model asks, with choices.
  fresh
  plan '{"steps":[{"tools":[{"tool":"AskUserQuestion","args":{"questions":[{"question":"Which build should I fix first?","header":"Build","multiSelect":false,"options":[{"label":"Debug","description":"The debug build"},{"label":"Release","description":"The release build"}]}]}}]},{"text":"Fixing that one.","secs":1}]}'
  say "fix the build"; $T wait -n $S "Which build" 30000 >/dev/null; sleep 2
  cap waiting "its question tool asks which build, with choices" "Which build should I fix first?"
  $T keys -n $S Enter; sleep 3
  $T screen -n $S | grep -q "Enter to select" && { cap waiting "its question tool, a choice made, to submit" "Which build should I fix first?"; $T keys -n $S Enter; sleep 3; }
  $T wait -n $S "Fixing that" 30000 >/dev/null; sleep 3 ;;
interrupt) # An interrupted turn: esc while a command runs, a follow-up queued.
  fresh
  plan '{"steps":[{"tools":[{"shell":"bash job.sh deployed 40","description":"Deploy"}]},{"text":"Deployed.","secs":1}],'"$F"'}}'
  say "deploy it"; $T wait -n $S "Do you want to proceed" 30000 >/dev/null; sleep 1; $T keys -n $S Enter; sleep 5
  say "then summarise"; sleep 2
  cap running "an allowed command running, a follow-up queued, before the interrupt"
  $T keys -n $S Escape; sleep 4
  cap idle "the turn interrupted" ;;
esac; done
$T stop -n $S
