// The floor the web's terminal is measured against (bench/web-echo.mjs): a bare relay of one PTY
// to one page, `ws` + xterm.js and nothing else (no session, no hub). Prints its port, serves
// until stdin closes. Output goes to the socket as it comes (no timer).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import pty from '@lydell/node-pty';
import { WebSocketServer } from 'ws';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const req = createRequire(path.join(root, 'package.json'));
const files = {
  '/xterm.mjs': [req.resolve('@xterm/xterm/lib/xterm.mjs'), 'text/javascript'],
  '/xterm.css': [req.resolve('@xterm/xterm/css/xterm.css'), 'text/css'],
};
const PAGE = `<!doctype html><link rel="stylesheet" href="/xterm.css"><div id="t"></div>
<script type="module">
import { Terminal } from '/xterm.mjs';
const term = new Terminal(); term.open(document.getElementById('t'));
const ws = new WebSocket('ws://' + location.host + '/ws');
ws.onmessage = (ev) => term.write(ev.data);
term.onData((d) => ws.send(d));
term.focus(); window.relayReady = true;
</script>`;
const server = http.createServer((rq, rs) => {
  const f = files[rq.url];
  if (f) return void fs.createReadStream(f[0]).pipe(rs.writeHead(200, { 'content-type': f[1] }));
  rs.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
});
const wss = new WebSocketServer({ server, path: '/ws' });
wss.on('connection', (ws) => {
  const p = pty.spawn(process.argv[2] ?? 'cat', [], { cols: 80, rows: 24, env: process.env });
  p.onData((d) => ws.send(d));
  ws.on('message', (m) => p.write(String(m)));
  ws.on('close', () => p.kill());
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
