import { describe, expect, it, vi } from 'vitest';
import {
  MAX_CLIENT_MESSAGE,
  MAX_SERVER_MESSAGE,
  MSG,
  MessageReader,
  encode,
  jsonPayload,
  sizeOf,
} from '../../src/wire/protocol.js';

// The attach protocol's framing: every message is length-prefixed and size-limited, and a
// length over the limit is refused from its 4-byte header, before anything is buffered.

describe('attach protocol framing', () => {
  it('reassembles messages split anywhere and several in one chunk', () => {
    const bytes = Buffer.concat([
      encode(MSG.HELLO, { protocol: 1 }),
      encode(MSG.INPUT, 'ls\r'),
      encode(MSG.DETACH),
    ]);
    const r = new MessageReader(MAX_CLIENT_MESSAGE);
    const got = [];
    for (const b of bytes) got.push(...r.push(Buffer.from([b])).messages);
    expect(got.map((m) => [m.type, m.payload.toString()])).toEqual([
      [MSG.HELLO, '{"protocol":1}'],
      [MSG.INPUT, 'ls\r'],
      [MSG.DETACH, ''],
    ]);
    expect(new MessageReader(MAX_CLIENT_MESSAGE).push(bytes).messages).toHaveLength(3);
  });

  it('a length over the limit is an error from the header alone; exactly the limit is fine', () => {
    const r = new MessageReader(100);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(101, 0);
    expect(r.push(head)).toEqual({ messages: [], error: 'message of 101 bytes is over the limit of 100' });
    const ok = new MessageReader(100).push(encode(MSG.INPUT, 'x'.repeat(99)));
    expect(ok.error).toBeUndefined();
    expect(ok.messages[0].payload.length).toBe(99);
    expect(new MessageReader(100).push(Buffer.from([0, 0, 0, 0])).error).toBe('empty message (no type byte)');
    expect(MAX_CLIENT_MESSAGE).toBe(1024 * 1024);
    expect(MAX_SERVER_MESSAGE).toBe(64 * 1024 * 1024);
  });

  it('payloads: JSON objects only; sizes clamped to what a terminal can be', () => {
    expect(jsonPayload(Buffer.from('{"a":1}'))).toEqual({ a: 1 });
    for (const bad of ['[1]', 'null', '"s"', '{', '']) expect(jsonPayload(Buffer.from(bad))).toBeNull();
    expect(sizeOf({ cols: 5000, rows: 1 })).toEqual({ cols: 1000, rows: 5 });
    expect(sizeOf({ cols: 80.5, rows: 24 })).toBeNull();
    expect(sizeOf({ cols: '80', rows: 24 })).toBeNull();
  });
});

describe('attach protocol encoding', () => {
  it('a frame (a string) is encoded once, in place, as [length][type][utf-8 bytes]', () => {
    const frame = '\x1b[?2026h\x1b[1;1H╭─ agents ─╮ 日本 😀 e\u0301\x1b[?2026l'.repeat(300);
    const bytes = Buffer.from(frame, 'utf8');
    const from = vi.spyOn(Buffer, 'from');
    const concat = vi.spyOn(Buffer, 'concat');
    let msg: Buffer;
    try {
      msg = encode(MSG.OUTPUT, frame);
      // No intermediate copy of the payload.
      expect(from).not.toHaveBeenCalled();
      expect(concat).not.toHaveBeenCalled();
    } finally {
      from.mockRestore();
      concat.mockRestore();
    }
    expect(msg.length).toBe(5 + bytes.length);
    expect(msg.readUInt32BE(0)).toBe(bytes.length + 1);
    expect(msg[4]).toBe(MSG.OUTPUT);
    expect(msg.subarray(5).equals(bytes)).toBe(true);
    const got = new MessageReader(MAX_SERVER_MESSAGE).push(msg).messages;
    expect(got).toHaveLength(1);
    expect(got[0].payload.toString('utf8')).toBe(frame);
    // Buffers and JSON objects come out the same as their bytes would.
    const copied = encode(MSG.INPUT, bytes);
    expect([copied.readUInt32BE(0), copied[4], copied.subarray(5).equals(bytes)]).toEqual([
      bytes.length + 1,
      MSG.INPUT,
      true,
    ]);
    expect(encode(MSG.RESIZE, { cols: 80, rows: 24 }).subarray(5).toString()).toBe('{"cols":80,"rows":24}');
    expect(encode(MSG.DETACH)).toEqual(Buffer.from([0, 0, 0, 1, MSG.DETACH]));
  });
});
