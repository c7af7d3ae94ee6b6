#!/bin/bash
v=$1; R=${R:-$(cd "$(dirname "$0")" && pwd)}; H=$R/home-pi-$v; W=$R/work-x; mkdir -p $H/.pi/agent $W
cat > $H/.pi/agent/models.json <<JSON
{"providers":{"mock":{"baseUrl":"http://127.0.0.1:8768/v1","api":"openai-completions","apiKey":"sk-mock","compat":{"supportsDeveloperRole":false,"supportsReasoningEffort":false},"models":[{"id":"mock-model","name":"Mock Model"}]}}}
JSON
echo '{"defaultProvider":"mock","defaultModel":"mock-model"}' > $H/.pi/agent/settings.json
cd $W
exec env -i TERM=xterm-256color LANG=C.UTF-8 HOME=$H PATH=/usr/bin:/bin HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1 $R/pi-$v/node_modules/.bin/pi
