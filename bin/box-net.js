'use strict';
// Inside a box with network (src/box/box-net.ts): the box has its own network namespace, with a
// loopback only; this listens on 127.0.0.1:PORT there and carries each connection to the hub's
// proxy, a unix socket in the folder the box sees (src/server/box-proxy.ts). Started in the
// background by the box's command line before it execs the agent's CLI: it dies with the box
// (its pid namespace, or its container, goes when the CLI ends).
//   node box-net.js PORT SOCKET
const net = require('node:net');

// The CLI's ctrl+c, ctrl+\ and ctrl+z reach its whole process group, this too: not ours to take.
for (const s of ['SIGINT', 'SIGQUIT', 'SIGTSTP', 'SIGHUP', 'SIGTTIN', 'SIGTTOU']) process.on(s, () => {});

const [port, socket] = process.argv.slice(2);
const server = net.createServer((inside) => {
  const hub = net.connect(socket);
  inside.pipe(hub);
  hub.pipe(inside);
  // (either end gone: the other goes too, nothing thrown)
  inside.on('error', () => hub.destroy());
  hub.on('error', () => inside.destroy());
  inside.on('close', () => hub.destroy());
  hub.on('close', () => inside.destroy());
});
server.on('error', () => process.exit(1));
server.listen(Number(port), '127.0.0.1');
