// Real timers: the escape timeout decides between a lone ESC and the start of a sequence.
import { describe, expect, it, vi } from 'vitest';
import type { KeyEvent } from '../../src/keys/key-event.js';
import { KeyParser } from '../../src/keys/parse-keys.js';
import { bytes, k, sleep } from '../support/keys.js';

function collect(opts?: ConstructorParameters<typeof KeyParser>[1]) {
  const evs: KeyEvent[] = [];
  const parser = new KeyParser((ev) => evs.push(ev), opts);
  return { evs, parser };
}

describe('KeyParser: escape timeout', () => {
  it('emits a lone ESC once the timeout passes', async () => {
    const { evs, parser } = collect();
    parser.feed(bytes('\x1b'));
    expect(evs).toEqual([]); // could still be the start of a sequence
    await sleep(40);
    await vi.waitFor(() => expect(evs).toMatchObject([k('escape')]), { timeout: 2000 });
    expect(evs[0].sequence).toBe('\x1b');
    parser.dispose();
  });

  it('reads ESC and a in one chunk as alt+a, at once', () => {
    const { evs, parser } = collect();
    parser.feed(bytes('\x1ba'));
    expect(evs).toMatchObject([k('a', 'alt')]);
    parser.dispose();
  });

  it('joins the rest of a sequence that arrives in a later chunk within the timeout', async () => {
    const { evs, parser } = collect({ escapeTimeoutMs: 2000 });
    parser.feed(bytes('\x1b'));
    await sleep(10);
    parser.feed(bytes('['));
    await sleep(10);
    parser.feed(bytes('1;5'));
    await sleep(10);
    parser.feed(bytes('A'));
    expect(evs).toMatchObject([k('up', 'ctrl')]);
    expect(evs).toHaveLength(1);
    parser.dispose();
  });

  it('treats a key after the timeout as a separate key', async () => {
    const { evs, parser } = collect({ escapeTimeoutMs: 5 });
    parser.feed(bytes('\x1b'));
    await vi.waitFor(() => expect(evs).toHaveLength(1), { timeout: 2000 });
    parser.feed(bytes('a'));
    expect(evs).toMatchObject([k('escape'), k('a')]);
    parser.dispose();
  });

  it('resolves a cut-off sequence after the timeout and keeps parsing', async () => {
    const { evs, parser } = collect({ escapeTimeoutMs: 5 });
    parser.feed(bytes('\x1b['));
    await vi.waitFor(() => expect(evs).toMatchObject([k('[', 'alt')]), { timeout: 2000 });
    parser.feed(bytes('\x1bO'));
    await vi.waitFor(() => expect(evs).toHaveLength(2), { timeout: 2000 });
    expect(evs[1]).toMatchObject(k('O', 'alt+shift'));
    parser.feed(bytes('x'));
    expect(evs[2]).toMatchObject(k('x'));
    parser.dispose();
  });

  it('flush() emits a pending ESC immediately', () => {
    const { evs, parser } = collect({ escapeTimeoutMs: 10_000 });
    parser.feed('\x1b');
    parser.flush();
    expect(evs).toMatchObject([k('escape')]);
    parser.flush();
    expect(evs).toHaveLength(1);
    parser.dispose();
  });

  it('waits for the rest of a UTF-8 character split across chunks', async () => {
    const { evs, parser } = collect({ escapeTimeoutMs: 2000 });
    const euro = bytes('€');
    parser.feed(euro.subarray(0, 1));
    parser.feed(euro.subarray(1, 2));
    expect(evs).toEqual([]);
    parser.feed(euro.subarray(2));
    expect(evs).toMatchObject([k('€', '', { text: '€' })]);
    parser.dispose();
  });

  it('gives up on a partial UTF-8 character after the timeout', async () => {
    const { evs, parser } = collect({ escapeTimeoutMs: 5 });
    parser.feed(Buffer.from([0xe2, 0x82]));
    await vi.waitFor(() => expect(evs).toHaveLength(1), { timeout: 2000 });
    expect(evs[0].name).toBe('\ufffd');
    parser.feed(bytes('a'));
    expect(evs[1].name).toBe('a');
    parser.dispose();
  });
});

describe('KeyParser: bracketed paste across chunks', () => {
  const body = 'line 1\r\nline 2 \x1b[A with ESC \x1b[201 and 日本😀';
  const input = bytes(`\x1b[200~${body}\x1b[201~q`);

  it('is one event for every split point', () => {
    for (let cut = 1; cut < input.length; cut++) {
      const { evs, parser } = collect({ escapeTimeoutMs: 10_000, pasteTimeoutMs: 10_000 });
      parser.feed(input.subarray(0, cut));
      parser.feed(input.subarray(cut));
      expect(evs, `split at ${cut}`).toMatchObject([{ kind: 'paste', text: body }, k('q')]);
      expect(evs).toHaveLength(2);
      parser.dispose();
    }
  });

  it('is one event when every byte is its own chunk, with time between them', async () => {
    const { evs, parser } = collect({ escapeTimeoutMs: 2000 });
    const small = bytes('\x1b[200~a\x1bb\x1b[201~');
    for (const b of small) {
      parser.feed(Buffer.from([b]));
      await sleep(1);
    }
    expect(evs).toMatchObject([{ kind: 'paste', text: 'a\x1bb' }]);
    parser.dispose();
  });

  it('handles a 4 MB paste in 1 KB chunks', () => {
    const { evs, parser } = collect();
    const big = 'x'.repeat(4 * 1024 * 1024);
    const all = bytes(`\x1b[200~${big}\x1b[201~`);
    for (let i = 0; i < all.length; i += 1024) parser.feed(all.subarray(i, i + 1024));
    expect(evs).toHaveLength(1);
    expect(evs[0].text?.length).toBe(big.length);
    parser.dispose();
  });

  it('delivers an unterminated paste after the paste timeout and then reads keys again', async () => {
    const { evs, parser } = collect({ pasteTimeoutMs: 20 });
    parser.feed(bytes('\x1b[200~abc'));
    expect(evs).toEqual([]);
    await vi.waitFor(() => expect(evs).toHaveLength(1), { timeout: 2000 });
    expect(evs[0]).toMatchObject({ kind: 'paste', text: 'abc', sequence: '\x1b[200~abc' });
    parser.feed(bytes('x'));
    expect(evs[1]).toMatchObject(k('x'));
    parser.dispose();
  });
});

describe('KeyParser: lifecycle and handlers', () => {
  it('dispose() is idempotent, cancels the pending timer and ignores later input', async () => {
    const { evs, parser } = collect({ escapeTimeoutMs: 5 });
    parser.feed('\x1b');
    parser.dispose();
    parser.dispose();
    parser.feed('abc');
    parser.flush();
    await sleep(30);
    expect(evs).toEqual([]);
  });

  it('keeps order when a handler feeds more input', () => {
    const names: string[] = [];
    const parser: KeyParser = new KeyParser((ev) => {
      names.push(ev.name);
      if (ev.name === 'a') parser.feed('x');
    });
    parser.feed('ab');
    expect(names).toEqual(['a', 'b', 'x']);
    parser.dispose();
  });

  it('stops delivering when a handler disposes the parser', () => {
    const names: string[] = [];
    const parser: KeyParser = new KeyParser((ev) => {
      names.push(ev.name);
      parser.dispose();
    });
    parser.feed('ab');
    expect(names).toEqual(['a']);
  });

  it('delivers every event even if a handler throws, then rethrows the first error', () => {
    const names: string[] = [];
    const parser = new KeyParser((ev) => {
      names.push(ev.name);
      if (ev.name === 'a') throw new Error('boom');
    });
    expect(() => parser.feed('abc')).toThrow('boom');
    expect(names).toEqual(['a', 'b', 'c']);
    parser.feed('d');
    expect(names).toEqual(['a', 'b', 'c', 'd']);
    parser.dispose();
  });
});
