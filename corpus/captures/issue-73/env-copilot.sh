#!/bin/bash
v=$1; R=${R:-$(cd "$(dirname "$0")" && pwd)}; H=$R/home-copilot-$v; W=$R/work-x; mkdir -p $H
cd $W
exec env -i TERM=xterm-256color LANG=C.UTF-8 HOME=$H PATH=/usr/bin:/bin HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1 COPILOT_HMAC_KEY=mock-hmac COPILOT_API_URL=http://127.0.0.1:8769 $R/copilot-$v/node_modules/.bin/copilot
