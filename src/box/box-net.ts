import path from 'node:path';
import { boxNetOf } from '../wire/socket-path.js';
import { boxSocket, packageRoot } from './box-paths.js';
import { nativeClient } from '../wire/find-native.js';

// A box with network has its own network namespace too (so your abstract unix sockets, a D-Bus
// session bus or X11's, are not there) and reaches the network only through the hub's proxy
// (src/server/box-proxy.ts): a bridge started by the box's command line (the native client's
// --box-net, else bin/box-net.js) carries 127.0.0.1:PORT inside the box to the proxy's socket in
// box-socket/, and the usual variables point
// the CLI at it. docs/security.md, "Boxes: network".

/** The port the bridge listens on inside the box (its own namespace: nothing else is there). */
export const BOX_PROXY_PORT = 3128;

// The box's command lines that start the bridge before the CLI: what follows them (after the
// bridge's own words) is the CLI, as the hub names an agent's program (program-name.ts). The
// bridge's last word is the ports it forwards (empty: none).
const NATIVE_BRIDGE = `"$0" --box-net ${BOX_PROXY_PORT} "$1" "$2" </dev/null >/dev/null 2>&1; shift 2; exec "$@"`;
const NODE_BRIDGE = `"$0" "$1" ${BOX_PROXY_PORT} "$2" "$3" </dev/null >/dev/null 2>&1; shift 3; exec "$@"`;
// (those of agents started before forwards were, still running under their keepers)
const NATIVE_BRIDGE_1 = `"$0" --box-net ${BOX_PROXY_PORT} "$1" </dev/null >/dev/null 2>&1; shift; exec "$@"`;
const NODE_BRIDGE_1 = `"$0" "$1" ${BOX_PROXY_PORT} "$2" </dev/null >/dev/null 2>&1; shift 2; exec "$@"`;

/** `sh -c BRIDGE …` -> the words of what it runs (the CLI); null: not a bridge's line. */
export function bridged(shArgs: readonly string[]): string[] | null {
  if (shArgs[0] !== '-c') return null;
  if (shArgs[1] === NATIVE_BRIDGE) return shArgs.slice(5);
  if (shArgs[1] === NODE_BRIDGE) return shArgs.slice(6);
  if (shArgs[1] === NATIVE_BRIDGE_1) return shArgs.slice(4);
  if (shArgs[1] === NODE_BRIDGE_1) return shArgs.slice(5);
  return null;
}

/**
 * The ports of 127.0.0.1 of yours a box's allow list names (`127.0.0.1:11434`): its bridge listens
 * on each inside the box too and tunnels it through the proxy to yours, so a CLI told
 * `http://127.0.0.1:PORT` (a local model or gateway; NO_PROXY sends it to the box's own loopback)
 * reaches it. Only the address with its port: a name (`localhost`) or a port range is not one.
 */
export function loopbackForwards(allow: readonly string[] | undefined): number[] {
  const ports = new Set<number>();
  for (const pattern of allow ?? []) {
    const m = /^127\.0\.0\.1:(\d{1,5})$/.exec(pattern.trim());
    const port = m ? Number(m[1]) : 0;
    if (port > 0 && port <= 65535 && port !== BOX_PROXY_PORT) ports.add(port);
  }
  return [...ports].sort((a, b) => a - b);
}

/** What a box with network adds: its variables, and its command line with the bridge started first. */
export interface BoxNet {
  env: Record<string, string>;
  argv(argv: { file: string; args: string[] }): { file: string; args: string[] };
}

/**
 * The network of a box through the hub of `socket` (BOTSTER_SOCKET); null: there is no hub's
 * socket to reach (the box has no network at all then).
 */
export function boxNet(socket: string | undefined, forwards: readonly number[] = []): BoxNet | null {
  // (boxSocket makes the folder if no server made it yet: the next one listens there)
  if (!socket || !boxSocket(socket)) return null;
  const proxy = boxNetOf(socket);
  if (!proxy) return null;
  const url = `http://127.0.0.1:${BOX_PROXY_PORT}`;
  const env: Record<string, string> = {
    HTTPS_PROXY: url,
    HTTP_PROXY: url,
    ALL_PROXY: url,
    https_proxy: url,
    http_proxy: url,
    all_proxy: url,
    NO_PROXY: 'localhost,127.0.0.1,::1',
    no_proxy: 'localhost,127.0.0.1,::1',
    // node's own fetch takes the variables only when told (node 24 and later)
    NODE_USE_ENV_PROXY: '1',
  };
  const native = nativeClient().path;
  const fwd = forwards.join(',');
  return {
    env,
    // The CLI stays the terminal's program (exec). Either bridge listens before the CLI starts (it
    // returns once it does, and runs on in the background): the native client's, else node's.
    argv: (a) =>
      native
        ? {
            file: '/bin/sh',
            args: ['-c', NATIVE_BRIDGE, native, proxy, fwd, a.file, ...a.args],
          }
        : {
            file: '/bin/sh',
            args: [
              '-c',
              NODE_BRIDGE,
              process.execPath,
              path.join(packageRoot(), 'bin', 'box-net.js'),
              proxy,
              fwd,
              a.file,
              ...a.args,
            ],
          },
  };
}
