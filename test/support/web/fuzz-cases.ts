import { MSG, PROTOCOL } from '../../../src/wire/protocol.js';

// What the fuzz test (fuzz-doors.test.ts) sends to a hub's doors, made from a seeded generator so a
// failure is the same every run: HTTP requests and WebSocket frames for the web, request lines for
// the control socket, length-prefixed messages for the attach protocol. Malformed on purpose,
// never a request that changes anything: no CSRF token, no verb that acts, no valid HELLO.

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  return { next, int, pick, bytes };
}

export type Rng = ReturnType<typeof seeded>;

const BAD_PERCENT = ['%E0%A4%A', '%', '%zz', '%ff%fe', '%C0%AF', '%00', '%E0%A4', '%F4%90%80%80', '%%%'];
const TEXT = ['a', 'agents', '1', '..', '.', 'é', '~', ';', ',', '"', '<script>', '\\', ' '];

/** A piece of path or query: plain, encoded, or percent-encoding that does not decode. */
function piece(r: Rng): string {
  switch (r.int(4)) {
    case 0:
      return r.pick(BAD_PERCENT);
    case 1:
      return encodeURIComponent(r.pick(TEXT));
    case 2:
      return r
        .bytes(1 + r.int(6))
        .toString('latin1')
        .replace(/[\s\r\n]/g, '_');
    default:
      return r.pick(TEXT).replace(/\s/g, '');
  }
}

function target(r: Rng): string {
  switch (r.int(8)) {
    case 0:
      return '*';
    case 1:
      return `//${piece(r)}/x`;
    case 2:
      return `http://127.0.0.1/${piece(r)}`;
    case 3:
      return `/login?token=${piece(r)}`;
    case 4:
      return `/?${piece(r)}=${piece(r)}&${piece(r)}`;
    default:
      return '/' + Array.from({ length: 1 + r.int(4) }, () => piece(r)).join('/');
  }
}

function cookie(r: Rng, port: number, session: string): string {
  const own = `botster_session_${port}`;
  switch (r.int(8)) {
    case 0:
      return `x=${r.pick(BAD_PERCENT)}`;
    case 1:
      return `${own}=${r.pick(BAD_PERCENT)}`;
    case 2:
      return `${session}; y=${r.pick(BAD_PERCENT)}`;
    case 3:
      return `${own}=${'A'.repeat(r.int(9000))}`;
    case 4:
      return Array.from({ length: 1 + r.int(300) }, (_, i) => `c${i}=${piece(r)}`).join('; ');
    case 5:
      return `__proto__=${r.pick(BAD_PERCENT)}; constructor=1; ${own}=`;
    case 6:
      return ';;;==;=;';
    default:
      return session;
  }
}

/** One HTTP request (or something posing as one) to the web at `port`, as raw bytes. */
export function httpCase(r: Rng, port: number, session: string): Buffer {
  const host =
    r.next() < 0.85 ? `127.0.0.1:${port}` : r.pick(['evil.example', '', `localhost:${port}:1`, '[::1']);
  if (r.next() < 0.08) return r.bytes(1 + r.int(400));
  const method = r.pick([
    'GET',
    'GET',
    'GET',
    'POST',
    'HEAD',
    'PUT',
    'DELETE',
    'OPTIONS',
    'CONNECT',
    'FOO',
    'G\x00T',
  ]);
  const lines = [`${method} ${target(r)} HTTP/1.${r.int(2)}`, `Host: ${host}`];
  if (r.next() < 0.8) lines.push(`Cookie: ${cookie(r, port, session)}`);
  if (r.next() < 0.3)
    lines.push(`Origin: ${r.pick([`http://127.0.0.1:${port}`, 'null', 'http://evil.example', '%E0'])}`);
  if (r.next() < 0.5) lines.push(`Connection: ${r.pick(['close', 'keep-alive', 'Upgrade'])}`);
  if (r.next() < 0.15) lines.push(`X-Big: ${'b'.repeat(17000 + r.int(20000))}`); // past Node's 16 KiB
  if (r.next() < 0.1) lines.push(`Bad Header\x01: ${r.bytes(10).toString('latin1')}`);
  if (r.next() < 0.1) lines.push('NoColonHere');
  if (r.next() < 0.1) lines.push(' folded continuation');
  if (r.next() < 0.15) lines.push(`X-Csrf-Token: ${piece(r)}`);
  let body = Buffer.alloc(0);
  if (method === 'POST' || r.next() < 0.1) {
    body =
      r.next() < 0.5
        ? Buffer.from(`authenticity_token=${piece(r)}&${piece(r)}=${piece(r)}`)
        : r.bytes(r.int(200));
    switch (r.int(5)) {
      case 0:
        lines.push(`Content-Length: ${body.length + 1 + r.int(50)}`); // truncated: the server waits for the rest
        break;
      case 1:
        lines.push(`Content-Length: ${r.pick(['-1', 'abc', '99999999999999999999', '1, 2'])}`);
        break;
      case 2:
        lines.push('Transfer-Encoding: chunked');
        body = Buffer.from(
          `${r.pick(['zz', 'ffffffffffffffff', '5', '-1'])}\r\n${body.toString('latin1')}\r\n0\r\n\r\n`,
          'latin1',
        );
        break;
      default:
        lines.push(`Content-Length: ${body.length}`);
    }
  }
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), body]);
}

/** An upgrade to /ws with headers that are wrong in some way (or right, with a bad cookie). */
export function upgradeCase(r: Rng, port: number, session: string): Buffer {
  const headers: Array<[string, string]> = [
    ['Host', r.next() < 0.9 ? `127.0.0.1:${port}` : 'evil.example'],
    ['Origin', r.next() < 0.85 ? `http://127.0.0.1:${port}` : r.pick(['null', 'http://evil.example', '%'])],
    ['Connection', r.pick(['Upgrade', 'upgrade, keep-alive', 'close'])],
    ['Upgrade', r.pick(['websocket', 'websocket', 'h2c', ''])],
    ['Sec-WebSocket-Version', r.pick(['13', '13', '8', '99', 'x'])],
    [
      'Sec-WebSocket-Key',
      r.pick(['dGhlIHNhbXBsZSBub25jZQ==', 'dGhlIHNhbXBsZSBub25jZQ==', 'short', '', piece(r)]),
    ],
    ['Cookie', cookie(r, port, session)],
  ];
  if (r.next() < 0.2)
    headers.push([
      'Sec-WebSocket-Extensions',
      r.pick(['permessage-deflate; x=%', 'permessage-deflate; server_max_window_bits=99', ';;']),
    ]);
  const path = r.next() < 0.7 ? '/ws' : target(r);
  return Buffer.from(
    `GET ${path} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`,
    'latin1',
  );
}

/** One WebSocket frame, masked as a client's must be unless `unmasked`. */
export function frame(
  opcode: number,
  payload: Buffer,
  opts: { fin?: boolean; rsv?: number; unmasked?: boolean; claimedLength?: bigint } = {},
): Buffer {
  const first = ((opts.fin ?? true) ? 0x80 : 0) | ((opts.rsv ?? 0) << 4) | (opcode & 0x0f);
  const len = opts.claimedLength ?? BigInt(payload.length);
  const mask = opts.unmasked ? 0 : 0x80;
  let head: Buffer;
  if (len < 126n) head = Buffer.from([first, mask | Number(len)]);
  else if (len < 65536n) {
    head = Buffer.alloc(4);
    head[0] = first;
    head[1] = mask | 126;
    head.writeUInt16BE(Number(len), 2);
  } else {
    head = Buffer.alloc(10);
    head[0] = first;
    head[1] = mask | 127;
    head.writeBigUInt64BE(len, 2);
  }
  if (opts.unmasked) return Buffer.concat([head, payload]);
  const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const body = Buffer.from(payload.map((b, i) => b ^ key[i % 4]));
  return Buffer.concat([head, key, body]);
}

/** Frames a page's socket gets after a good upgrade: malformed ones, and messages no page sends. */
export function wsFrames(r: Rng): Buffer[] {
  const text = (s: string) => frame(1, Buffer.from(s));
  const out: Buffer[] = [];
  for (let n = 1 + r.int(4); n > 0; n--) {
    switch (r.int(14)) {
      case 0:
        out.push(frame(1, Buffer.from([0xc3, 0x28, 0xe0, 0xa4]))); // not UTF-8: 1007
        break;
      case 1:
        out.push(frame(2, r.bytes(r.int(100)))); // binary: pages send text
        break;
      case 2:
        out.push(frame(1, Buffer.from('w1'), { unmasked: true })); // a client's frame is masked
        break;
      case 3:
        out.push(frame(r.pick([3, 4, 5, 6, 7, 11, 12, 13, 14, 15]), r.bytes(r.int(20)))); // no such opcode
        break;
      case 4:
        out.push(frame(1, Buffer.from('w1'), { rsv: 1 + r.int(7) }));
        break;
      case 5:
        out.push(
          frame(1, Buffer.alloc(8), { claimedLength: r.pick([2n ** 63n - 1n, 2n ** 40n, 1n << 21n]) }),
        );
        break;
      case 6:
        out.push(frame(0, Buffer.from('continued'))); // a continuation of nothing
        break;
      case 7:
        out.push(frame(9, r.bytes(126 + r.int(100)))); // a control frame over 125 bytes
        break;
      case 8:
        out.push(frame(8, Buffer.from([0x03, 0xe7 + r.int(3), ...r.bytes(r.int(5))]))); // a close with an odd code
        break;
      case 9:
        out.push(frame(1, Buffer.from('w1'), { fin: false }), text('u1'));
        break;
      case 10:
        out.push(frame(1, Buffer.from('w1')).subarray(0, 3)); // cut off
        break;
      case 11:
        out.push(r.bytes(1 + r.int(30)));
        break;
      case 12:
        out.push(
          text(
            r.pick([
              'w1',
              'u1',
              'w999',
              'w../../x',
              'w' + 'x'.repeat(70),
              'i999:x',
              'i:x',
              'i',
              'x1',
              '',
              '<turbo-stream>',
              'wé',
            ]),
          ),
        );
        break;
      default:
        out.push(text(r.pick(['w', 'u', 'q', 's', 'o', '\u0000']) + piece(r)));
    }
  }
  return out;
}

const SAFE_OPS = ['ping', 'whoami', 'agents', 'status', 'ls', 'read', 'snapshot'];
const FIELDS = ['id', 'v', 'home', 'agent', 'lines', 'json', 'scrollback', 'ansi', 'op'];

function junk(r: Rng, depth = 0): unknown {
  switch (r.int(depth > 2 ? 6 : 9)) {
    case 0:
      return null;
    case 1:
      return r.int(2) === 0;
    case 2:
      return r.pick([0, -1, 1e308, -0, 2 ** 53 + 1, 1.5]);
    case 3:
      return r.pick(['', '1', 'victim', '../..', 'x'.repeat(2000), '\u0000\u202e']);
    case 4:
      return piece(r);
    case 5:
      return '\ud800'; // a lone surrogate
    case 6:
      return Array.from({ length: r.int(4) }, () => junk(r, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: r.int(4) }, () => [r.pick(FIELDS), junk(r, depth + 1)]));
  }
}

/** One request line (or garbage posing as one) for the control socket, with its newline. */
export function controlCase(r: Rng): Buffer {
  switch (r.int(10)) {
    case 0:
      return Buffer.concat([r.bytes(1 + r.int(200)).filter((b) => b !== 0x0a), Buffer.from('\n')]);
    case 1:
      return Buffer.from(
        r.pick([
          '{',
          '{"op":',
          '[]',
          '1',
          '"ping"',
          'null',
          '{"op":1}',
          '{"op":""}',
          '{"id":{},"op":"ping"}',
        ]) + '\n',
      );
    case 2:
      return Buffer.from('['.repeat(100_000) + ']'.repeat(100_000) + '\n'); // deep, but valid JSON
    case 3:
      return Buffer.from(`{"op":"ping","x":${'['.repeat(50_000)}${']'.repeat(50_000)}}\n`);
    case 4:
      return Buffer.concat([
        Buffer.from('{"op":"ping","s":"'),
        Buffer.from([0xff, 0xfe, 0xc3]),
        Buffer.from('"}\n'),
      ]);
    case 5:
      return Buffer.from(JSON.stringify({ op: `fuzz-${r.int(1e6)}`, id: r.int(100) }) + '\n');
    case 6:
      return Buffer.from(JSON.stringify({ op: 'ping', v: junk(r), home: junk(r) }) + '\n');
    default: {
      const req: Record<string, unknown> = {};
      for (let n = r.int(4); n > 0; n--) req[r.pick(FIELDS)] = junk(r);
      req.op = r.pick(SAFE_OPS);
      // (snapshot presses keys only when asked to: never here)
      delete req.keys;
      return Buffer.from(JSON.stringify(req) + '\n');
    }
  }
}

function message(type: number, payload: Buffer, claimed?: number): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(claimed ?? payload.length + 1, 0);
  head[4] = type;
  return Buffer.concat([head, payload]);
}

/**
 * Bytes for the attach protocol: the first is always 0 (what makes the control socket hand the
 * connection over). Never a HELLO the hub would take: its home is never the hub's.
 */
export function attachCase(r: Rng): Buffer {
  const hello = (p: unknown) =>
    message(MSG.HELLO, Buffer.from(typeof p === 'string' ? p : JSON.stringify(p)));
  switch (r.int(12)) {
    case 0:
      return Buffer.from([0]);
    case 1:
      return Buffer.from([0, 0, 0]); // a cut-off length
    case 2:
      return message(MSG.HELLO, Buffer.alloc(0), 0); // no type byte
    case 3:
      return message(MSG.HELLO, Buffer.alloc(0), 0x00ffffff); // over the limit
    case 4:
      return message(MSG.HELLO, Buffer.from('{"protocol":'), 4000); // a payload that never comes whole
    case 5:
      return message(r.pick([0, 7, 64, 200, 255, MSG.INPUT, MSG.RESIZE, MSG.DETACH]), r.bytes(r.int(50))); // before HELLO
    case 6:
      return hello(r.pick(['', '{', '[]', 'null', '"x"', '{"protocol":1,"cols":"80"}']));
    case 7:
      return message(MSG.HELLO, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])); // not UTF-8
    case 8:
      return hello({
        protocol: PROTOCOL + 1 + r.int(5),
        version: junk(r),
        home: '/nowhere',
        cols: 80,
        rows: 24,
      });
    case 9:
      return hello({
        protocol: PROTOCOL,
        version: '0',
        home: `/not-this-hub-${r.int(100)}`,
        cols: junk(r),
        rows: junk(r),
      });
    case 10:
      return hello({
        protocol: PROTOCOL,
        home: r.pick([null, 1, {}, [], '\u0000']),
        cols: 80,
        rows: 24,
        version: '[',
      });
    default:
      return Buffer.concat([Buffer.from([0]), r.bytes(1 + r.int(100))]);
  }
}
