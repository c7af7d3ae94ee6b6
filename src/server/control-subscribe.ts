import net from 'node:net';
import { LineBuffer } from './line-buffer.js';
import { CONTROL_PROTOCOL, type ControlRequest } from './control-request.js';
import { ControlClientError } from './control-client.js';

/**
 * A request whose reply goes on (`events`): `onLine` gets the first reply, then each line the hub
 * pushes. Resolves how it ended: `stopped` (the hub said so, or hung up), or `closed` by `stop()`.
 */
export function controlSubscribe(socketPath: string, req: ControlRequest, onLine: (line: Record<string, unknown>) => void): { done: Promise<'stopped' | 'closed'>; stop: () => void } {
  const sock = net.createConnection(socketPath);
  const buffer = new LineBuffer(16 * 1024 * 1024);
  let stopping = false;
  const done = new Promise<'stopped' | 'closed'>((resolve, reject) => {
    let connected = false;
    sock.on('connect', () => {
      connected = true;
      sock.write(JSON.stringify({ v: CONTROL_PROTOCOL, ...req }) + '\n');
    });
    const take = (text: string) => {
      try {
        const v: unknown = JSON.parse(text);
        if (v && typeof v === 'object' && !Array.isArray(v)) onLine(v as Record<string, unknown>);
      } catch {
        // a line that is not JSON is not ours to show
      }
    };
    sock.on('data', (chunk: Buffer) => buffer.push(chunk).lines.forEach(take));
    sock.on('error', (err: NodeJS.ErrnoException) => {
      if (!connected && (err.code === 'ENOENT' || err.code === 'ECONNREFUSED')) reject(new ControlClientError('NO_HUB', `no hub is listening on ${socketPath}`));
    });
    sock.on('close', () => {
      const last = buffer.end();
      if (last !== null) take(last);
      if (connected) resolve(stopping ? 'closed' : 'stopped');
      else reject(new ControlClientError('NO_HUB', `no hub is listening on ${socketPath}`));
    });
  });
  return {
    done,
    stop: () => {
      stopping = true;
      sock.destroy();
    },
  };
}
