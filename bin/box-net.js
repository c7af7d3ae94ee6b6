'use strict';
// Inside a box with network (src/box/box-net.ts): the box has its own network namespace, with a
// loopback only; this listens on 127.0.0.1:PORT there and carries each connection to the hub's
// proxy, a unix socket in the folder the box sees (src/server/box-proxy.ts). Run by the box's
// command line before it execs the agent's CLI, it returns once the bridge listens (so the CLI's
// first connection finds it), printing the pid of the process that goes on bridging: that one
// dies with the box (its pid namespace, or its container, goes when the CLI ends).
// FORWARDS (ports, comma-separated; empty: none): 127.0.0.1:FWD inside the box listens too, each
// connection a tunnel through the proxy (CONNECT) to 127.0.0.1:FWD of yours, which the box's allow
// list names (a model or gateway on your loopback).
//   node box-net.js PORT SOCKET [FORWARDS]
const net = require('node:net');
const { spawn } = require('node:child_process');

const [port, socket, forwards = ''] = process.argv.slice(2);

if (process.env.BOTSTER_BOX_NET_BRIDGE !== '1') {
  const child = spawn(process.execPath, [__filename, port, socket, forwards], {
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

/** Each connection to 127.0.0.1:`at` in the box carried to the proxy: as it is, or (`to`) a tunnel to 127.0.0.1:`to` of yours. */
function bridge(at, to) {
  return new Promise((resolve) => {
    const server = net.createServer((inside) => {
      const hub = net.connect(socket);
      // (either end gone: the other goes too, nothing thrown)
      inside.on('error', () => hub.destroy());
      hub.on('error', () => inside.destroy());
      inside.on('close', () => hub.destroy());
      hub.on('close', () => inside.destroy());
      const relay = () => {
        inside.pipe(hub);
        hub.pipe(inside);
      };
      if (!to) return relay();
      inside.pause();
      hub.write(`CONNECT 127.0.0.1:${to} HTTP/1.1\r\nHost: 127.0.0.1:${to}\r\n\r\n`);
      let head = Buffer.alloc(0);
      const onData = (d) => {
        head = Buffer.concat([head, d]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return head.length > 4096 ? inside.destroy() : undefined;
        hub.off('data', onData);
        if (!/^HTTP\/1\.[01] 200/.test(head.toString('latin1', 0, end))) return inside.destroy();
        const rest = head.subarray(end + 4);
        if (rest.length) inside.write(rest);
        relay();
        inside.resume();
      };
      hub.on('data', onData);
    });
    server.on('error', () => process.exit(1));
    server.listen(at, '127.0.0.1', resolve);
  });
}

const ports = forwards === '' ? [] : forwards.split(',').map(Number);
if (ports.some((p) => !Number.isInteger(p) || p <= 0 || p > 65535 || p === Number(port))) process.exit(2);
Promise.all([bridge(Number(port), 0), ...ports.map((p) => bridge(p, p))]).then(() =>
  process.send('listening'),
);
