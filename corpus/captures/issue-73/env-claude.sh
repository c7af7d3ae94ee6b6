#!/bin/bash
# usage: env-claude.sh VERSION [fresh] : Claude Code of that release against the mock (8767), throwaway HOME
v=$1; fresh=${2:-}; pt=${PORT:-8767}
R=${R:-$(cd "$(dirname "$0")" && pwd)}
H=$R/home-claude-$v$fresh; W=$R/work-claude; mkdir -p $H/.claude $W
[ -d $W/.git ] || (cd $W && git init -q && echo hi > README.md && git add . && git -c user.email=a@b -c user.name=a commit -qm init)
key=sk-ant-api03-botster-test-key-0000000000
if [ -z "$fresh" ]; then
cat > $H/.claude.json <<JSON
{"hasCompletedOnboarding":true,"theme":"dark","customApiKeyResponses":{"approved":["${key: -20}"],"rejected":[]},"projects":{}}
JSON
echo '{"permissions":{"defaultMode":"default"}}' > $H/.claude/settings.json
cat > $W/.mcp.json <<JSON
{"mcpServers":{"slow":{"command":"node","args":["$R/mcp-slow.mjs"]}}}
JSON
fi
bin=$R/claude-$v/node_modules/.bin/claude
cd $W
exec env -i TERM=xterm-256color LANG=C.UTF-8 HOME=$H PATH=/usr/bin:/bin ANTHROPIC_BASE_URL=http://127.0.0.1:$pt ANTHROPIC_API_KEY=$key HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1 CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 $bin
