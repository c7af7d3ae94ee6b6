#!/bin/bash
# usage: env-codex.sh VERSION [args]  — Codex of that release against the mock, throwaway HOME
v=$1; shift
R=${R:-$(cd "$(dirname "$0")" && pwd)}
H=$R/home-codex-$v; W=$R/work-codex; mkdir -p $H/.codex $W
[ -d $W/.git ] || (cd $W && git init -q && echo hi > README.md && git add . && git -c user.email=a@b -c user.name=a commit -qm init)
cat > $H/.codex/config.toml <<TOML
model = "mock-model"
model_provider = "mock"
check_for_update_on_startup = false
model_reasoning_summary = "detailed"

[model_providers.mock]
name = "Mock"
base_url = "http://127.0.0.1:8765/v1"
wire_api = "responses"
env_key = "MOCK_API_KEY"

[mcp_servers.slow]
command = "node"
args = ["$R/mcp-slow.mjs"]

[projects."$W"]
trust_level = "trusted"
TOML
cd $W
bin=$R/codex-$v/node_modules/.bin/codex
exec env -i TERM=xterm-256color LANG=C.UTF-8 HOME=$H CODEX_HOME=$H/.codex PATH=/usr/bin:/bin MOCK_API_KEY=sk-mock HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1 $bin "$@"
