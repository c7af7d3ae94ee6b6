#!/bin/bash
v=$1; R=${R:-$(cd "$(dirname "$0")" && pwd)}; H=$R/home-cn-$v; W=$R/work-x; mkdir -p $H $W
cat > $H/config.yaml <<YAML
name: mock
version: 1.0.0
schema: v1
models:
  - name: Mock
    provider: openai
    model: mock-model
    apiKey: sk-mock
    apiBase: http://127.0.0.1:8768/v1/
    roles: [chat, edit, apply]
YAML
cd $W
exec env -i TERM=xterm-256color LANG=C.UTF-8 HOME=$H PATH=/usr/bin:/bin HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1 CONTINUE_GLOBAL_DIR=$H/.continue $R/cn-$v/node_modules/.bin/cn --config $H/config.yaml
