import { describe, expect, it } from 'vitest';
import { DraftLine } from '../../src/agents/draft-line.js';

// A line typed into an agent and not yet sent (src/agents/draft-line.ts): what an account's move
// waits for (lua/default/accounts.lua).

const after = (...writes: string[]) => {
  const d = new DraftLine();
  for (const w of writes) d.note(w);
  return d.pending;
};

describe('DraftLine', () => {
  it('typed text waits; Enter, Ctrl+C, Ctrl+U send or clear it', () => {
    expect(after('hel', 'lo')).toBe(true);
    expect(after('hello\r')).toBe(false);
    expect(after('hello\n')).toBe(false);
    expect(after('hello', '\x03')).toBe(false);
    expect(after('hello', '\x15')).toBe(false);
    expect(after('first\rhalf a')).toBe(true);
  });

  it('Backspace to the start clears it; keys that move type nothing', () => {
    expect(after('ab', '\x7f', '\x7f')).toBe(false);
    expect(after('ab', '\x7f')).toBe(true);
    expect(after('\x1b[A', '\x1bOB', '\x1b[1;5C', '\x1b')).toBe(false);
    expect(after('\x1bx')).toBe(false);
    expect(after('\x1b[I', '\x1b[O')).toBe(false);
  });

  it("a paste's newlines send nothing; the Enter after it does", () => {
    expect(after('\x1b[200~one\rtwo\x1b[201~')).toBe(true);
    expect(after('\x1b[200~one\rtwo\x1b[201~', '\r')).toBe(false);
    expect(after('\x1b[200~', 'one\r', 'two\x1b[201~')).toBe(true);
  });

  it('note says when pending changed', () => {
    const d = new DraftLine();
    expect(d.note('a')).toBe(true);
    expect(d.note('b')).toBe(false);
    expect(d.note('\r')).toBe(true);
    expect(d.note('\r')).toBe(false);
  });
});
