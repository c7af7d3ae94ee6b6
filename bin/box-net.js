'use strict';
// Inside a box with network (src/box/box-net.ts): the box has its own network namespace, with a
// loopback only; this listens on 127.0.0.1:PORT there and carries each connection to the hub's
// proxy, a unix socket in the folder the box sees (src/server/box-proxy.ts). Run by the box's
// command line before it execs the agent's CLI, it returns once the bridge listens (so the CLI's
// first connection finds it), printing the pid of the process that goes on bridging: that one
// dies with the box (its pid namespace, or its container, goes when the CLI ends).
//   node box-net.js PORT SOCKET
const net = require('node:net');
const { spawn } = require('node:child_process');

const [port, socket] = process.argv.slice(2);

if (process.env.BOTSTER_BOX_NET_BRIDGE !== '1') {
  const child = spawn(process.execPath, [__filename, port, socket], {
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    // (a session of its own, as the native bridge's: the terminal's signals and the hub's walk to
    // the agent's foreground program, which follows the box's session, are the CLI's alone)
    detached: true,
    env: { ...process.env, BOTSTER_BOX_NET_BRIDGE: '1' },
  });
  child.on('message', (m) => {
    if (m !== 'listening') return;
    process.stdout.write(`${child.pid}\n`);
    child.disconnect();
    child.unref();
    process.exit(0);
  });
  child.on('exit', (code) => process.exit(code || 1));
  return;
}

// The CLI's ctrl+c, ctrl+\ and ctrl+z reach its whole process group, this too: not ours to take.
for (const s of ['SIGINT', 'SIGQUIT', 'SIGTSTP', 'SIGHUP', 'SIGTTIN', 'SIGTTOU']) process.on(s, () => {});

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
server.listen(Number(port), '127.0.0.1', () => process.send('listening'));
