import net from 'node:net';
import type { Duplex } from 'node:stream';
import { LineBuffer } from './line-buffer.js';
import { isDialer, type Endpoint } from './dialer.js';
import { CONTROL_PROTOCOL, type ControlRequest } from './control-request.js';
import { ControlClientError } from './control-client.js';

/**
 * A request whose reply goes on (`events`): `onLine` gets the first reply, then each line the hub
 * pushes. Resolves how it ended: `stopped` (the hub said so, or hung up), or `closed` by `stop()`.
 */
export function controlSubscribe(
  endpoint: Endpoint,
  req: ControlRequest,
  onLine: (line: Record<string, unknown>) => void,
): { done: Promise<'stopped' | 'closed'>; stop: () => void } {
  const buffer = new LineBuffer(16 * 1024 * 1024);
  let stopping = false;
  let sock: Duplex | null = null;
  const socketPath = isDialer(endpoint) ? endpoint.label : endpoint;
  const opened: Promise<Duplex> = isDialer(endpoint)
    ? endpoint.dial().then((d) => d.stream)
    : Promise.resolve(net.createConnection(socketPath));
  const done = opened.then(
    (s) =>
      new Promise<'stopped' | 'closed'>((resolve, reject) => {
        sock = s;
        if (stopping) {
          s.destroy();
          return resolve('closed');
        }
        let connected = false;
        const start = () => {
          connected = true;
          s.write(JSON.stringify({ v: CONTROL_PROTOCOL, ...req }) + '\n');
        };
        if (isDialer(endpoint)) start();
        else s.on('connect', start);
        const take = (text: string) => {
          try {
            const v: unknown = JSON.parse(text);
            if (v && typeof v === 'object' && !Array.isArray(v)) onLine(v as Record<string, unknown>);
          } catch {
            // a line that is not JSON is not ours to show
          }
        };
        s.on('data', (chunk: Buffer) => buffer.push(chunk).lines.forEach(take));
        s.on('error', (err: NodeJS.ErrnoException) => {
          if (!connected && (err.code === 'ENOENT' || err.code === 'ECONNREFUSED'))
            reject(new ControlClientError('NO_HUB', `no hub is listening on ${socketPath}`));
        });
        s.on('close', () => {
          const last = buffer.end();
          if (last !== null) take(last);
          if (connected) resolve(stopping ? 'closed' : 'stopped');
          else reject(new ControlClientError('NO_HUB', `no hub is listening on ${socketPath}`));
        });
      }),
  );
  return {
    done,
    stop: () => {
      stopping = true;
      sock?.destroy();
    },
  };
}
