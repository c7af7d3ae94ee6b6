#!/bin/bash
# drive-429.sh CLI PKG VERSION SIZE PLANFILE "LAUNCH" [START_SECS]: a prompt whose API answers 429 for 25 s
# (the CLI retries), captured while it retries and after it recovered.
cli=$1; pkg=$2; v=$3; sz=$4; planf=$5; launch=$6; wait0=${7:-12}
S=r4; T=${TUI:-tui}; R=${R:-$(cd "$(dirname "$0")" && pwd)}; name=${cli%%:*}
cap() { $R/cap.py $S $cli $pkg $v "$1" "$name $v $sz: $2" "${3:-}" | head -1; }
$T start -n $S -s $sz -- "$launch; sleep 600"
sleep $wait0
$T screen -n $S | grep -qi "trust" && { $T keys -n $S Enter; sleep 5; }
$T screen -n $S | grep -qi "mcp server" && { $T keys -n $S Enter; sleep 3; }
echo '{"steps":[{"error":429,"for_secs":25,"then":{"text":"Recovered after the rate limit.","secs":1}}]}' > $R/$planf
$T type -n $S "try the rate limited call"; sleep 0.7; $T keys -n $S Enter
sleep 7; CAP_WAIT=0.5 cap running "the API answers 429 for 25 s: it retries (7 s in)"
sleep 8; CAP_WAIT=0.5 cap running "the API answers 429 for 25 s: it retries (15 s in)"
$T wait -n $S "Recovered after" 60000 >/dev/null; sleep 3
cap idle "recovered after the 429s: the turn over"
$T stop -n $S
