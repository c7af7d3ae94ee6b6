#!/bin/bash
# usage: env-oc.sh VERSION [args]: OpenCode of that release against the mock (port 8766), throwaway HOME
v=$1; shift
R=${R:-$(cd "$(dirname "$0")" && pwd)}
H=$R/home-oc-$v; W=$R/work-oc; mkdir -p $H $W
[ -d $W/.git ] || (cd $W && git init -q && echo hi > README.md && git add . && git -c user.email=a@b -c user.name=a commit -qm init)
CFG='{"$schema":"https://opencode.ai/config.json","autoupdate":false,"share":"disabled","permission":{"bash":"ask","edit":"ask"},"model":"anthropic/claude-sonnet-4-5","small_model":"anthropic/claude-sonnet-4-5","provider":{"anthropic":{"options":{"baseURL":"http://127.0.0.1:8766/v1","apiKey":"sk-ant-mock"}}},"mcp":{"slow":{"type":"local","command":["node","'$R'/mcp-slow.mjs"]}}}'
echo "$CFG" > $H/opencode.json
cd $W
exec env -i TERM=xterm-256color COLORTERM=truecolor LANG=C.UTF-8 HOME=$H PATH=/usr/bin:/bin ANTHROPIC_API_KEY=sk-ant-mock HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1 OPENCODE_CONFIG_CONTENT="$CFG" OPENCODE_DISABLE_AUTOUPDATE=1 OPENCODE_DISABLE_MODELS_FETCH=1 OPENCODE_DISABLE_DEFAULT_PLUGINS=1 OPENCODE_CONFIG=$H/opencode.json $R/oc-$v/node_modules/.bin/opencode "$@"
