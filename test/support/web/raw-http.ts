import net from 'node:net';

// Bytes to a port as any local process can send them (no HTTP client tidying them up), and what
// came back: the answer's status line, or null when the server said nothing before the wait ended.

export interface RawAnswer {
  status: number | null;
  text: string;
}

/**
 * Writes `bytes` (in pieces, when given several) to 127.0.0.1:`port` and collects what comes back
 * until one whole answer came (or, `untilClose`, until the server closes), or until `ms` passed: a
 * server that hangs up on garbage without a word is fine, one that never answers is not what this
 * waits on forever.
 */
export function rawSend(
  port: number,
  bytes: Buffer | string | Array<Buffer | string>,
  opts: { ms?: number; untilClose?: boolean } = {},
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const s = net.createConnection({ port, host: '127.0.0.1' });
    let got = Buffer.alloc(0);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      const text = got.toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : null, text });
    };
    const timer = setTimeout(finish, opts.ms ?? 3000);
    s.on('connect', () => {
      for (const b of Array.isArray(bytes) ? bytes : [bytes]) s.write(b);
    });
    s.on('data', (d) => {
      got = Buffer.concat([got, d]);
      if (!opts.untilClose && whole(got)) finish();
    });
    s.on('close', finish);
    s.on('error', finish);
  });
}

/** Whether `got` holds one whole answer: its head, and as much body as it says (a kept-alive connection stays open after it). */
function whole(got: Buffer): boolean {
  const end = got.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const head = got.subarray(0, end).toString('latin1');
  if (/^HTTP\/1\.1 101 /.test(head)) return true;
  if (/\r\ntransfer-encoding: *chunked/i.test(head))
    return got.subarray(-5).toString('latin1') === '0\r\n\r\n';
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  return length !== null && got.length - end - 4 >= Number(length[1]);
}

/** A WebSocket upgrade request for /ws as a page of `port` would send it, with `headers` added. */
export function upgradeRequest(port: number, headers: Record<string, string> = {}, target = '/ws'): string {
  const all: Record<string, string> = {
    Host: `127.0.0.1:${port}`,
    Origin: `http://127.0.0.1:${port}`,
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    ...headers,
  };
  return `GET ${target} HTTP/1.1\r\n${Object.entries(all)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
}
