#!/bin/bash
v=$1; R=${R:-$(cd "$(dirname "$0")" && pwd)}; H=$R/home-gemini-$v; W=$R/work-gm; mkdir -p $H/.gemini $W
[ -d $W/.git ] || (cd $W && git init -q && echo hi > README.md && git add . && git -c user.email=a@b -c user.name=a commit -qm init)
cat > $H/.gemini/settings.json <<JSON
{"selectedAuthType":"gemini-api-key","security":{"auth":{"selectedType":"gemini-api-key"}},"theme":"Default","ui":{"theme":"Default"},"general":{"disableAutoUpdate":true},"disableAutoUpdate":true,"usageStatisticsEnabled":false,"privacy":{"usageStatisticsEnabled":false},"mcpServers":{"slow":{"command":"node","args":["$R/mcp-slow.mjs"]}}}
JSON
bin=$R/gemini-$v/node_modules/.bin/gemini
cd $W
exec env -i TERM=xterm-256color LANG=C.UTF-8 HOME=$H PATH=/usr/bin:/bin GEMINI_API_KEY=mock-key GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:8770 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1 $bin
