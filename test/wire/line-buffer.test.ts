import { describe, expect, it } from 'vitest';
import { LineBuffer } from '../../src/wire/line-buffer.js';

const b = (s: string) => Buffer.from(s);

describe('LineBuffer', () => {
  it('splits lines across chunks and keeps the unfinished tail', () => {
    const lb = new LineBuffer(100);
    expect(lb.push(b('ab'))).toEqual({ lines: [], overflow: false });
    expect(lb.push(b('c\nde\r\n\n  \nf'))).toEqual({ lines: ['abc', 'de'], overflow: false });
    expect(lb.push(b('g\n'))).toEqual({ lines: ['fg'], overflow: false });
    expect(lb.end()).toBeNull();
  });

  it('returns the last line without a newline at end of stream', () => {
    const lb = new LineBuffer(100);
    lb.push(b('x\ny'));
    expect(lb.end()).toBe('y');
  });

  it('decodes multi-byte characters cut between chunks', () => {
    const lb = new LineBuffer(100);
    const euro = b('€\n');
    expect(lb.push(euro.subarray(0, 1)).lines).toEqual([]);
    expect(lb.push(euro.subarray(1)).lines).toEqual(['€']);
  });

  it('overflows on bytes buffered, before a newline arrives, keeping lines before it', () => {
    const lb = new LineBuffer(4);
    expect(lb.push(b('abcd\nab'))).toEqual({ lines: ['abcd'], overflow: false });
    expect(lb.push(b('cde'))).toEqual({ lines: [], overflow: true });
    const lb2 = new LineBuffer(4);
    expect(lb2.push(b('ok\nabcde\nnext\n'))).toEqual({ lines: ['ok'], overflow: true });
  });
});
