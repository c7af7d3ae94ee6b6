#!/bin/bash
# usage: env-oc.sh VERSION [args]: OpenCode of that release against the mock (port 8768), throwaway HOME
v=$1; shift
R=${R:-$(cd "$(dirname "$0")" && pwd)}
H=$R/home-kilo-$v; W=$R/work-oc; mkdir -p $H $W
[ -d $W/.git ] || (cd $W && git init -q && echo hi > README.md && git add . && git -c user.email=a@b -c user.name=a commit -qm init)
CFG='{"autoupdate":false,"share":"disabled","permission":{"bash":"ask","edit":"ask"},"model":"anthropic/claude-sonnet-4-5","small_model":"anthropic/claude-sonnet-4-5","provider":{"anthropic":{"options":{"baseURL":"http://127.0.0.1:8768/v1","apiKey":"sk-ant-mock"}}},"mcp":{"slow":{"type":"local","command":["node","'$R'/mcp-slow.mjs"]}}}'
cd $W
exec env -i TERM=xterm-256color COLORTERM=truecolor LANG=C.UTF-8 HOME=$H PATH=/usr/bin:/bin ANTHROPIC_API_KEY=sk-ant-mock HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1 KILO_CONFIG_CONTENT="$CFG" OPENCODE_DISABLE_AUTOUPDATE=1 OPENCODE_DISABLE_MODELS_FETCH=1 $R/kilo-$v/node_modules/.bin/kilo "$@"
