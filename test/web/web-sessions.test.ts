import { describe, expect, it } from 'vitest';
import { WebSessions } from '../../src/web/sessions.js';

// Tokens and sessions against the clock: a token expires in two minutes and is spent once; a
// session idle for a week is refused and its sockets told to close.

describe('web sessions', () => {
  it('a token is good once, and not after two minutes', () => {
    let now = 1_000_000;
    const s = new WebSessions(() => now);
    const late = s.issue(false);
    const once = s.issue(true);
    const made = s.exchange(once, 'phone');
    expect(made?.readOnly).toBe(true);
    expect(s.exchange(once, 'phone')).toBeNull();
    now += 2 * 60_000 + 1;
    expect(s.exchange(late, 'laptop')).toBeNull();
  });

  it('wrong tokens are limited per source, and never hold back a right one', () => {
    let now = 0;
    const s = new WebSessions(() => now);
    for (let i = 0; i < 100; i++) expect(s.exchange(`guess${i}`, 'x', '127.0.0.1')).toBeNull();
    expect(s.limited('127.0.0.1')).toBe(true);
    // Another address is not held back by this one's guesses.
    expect(s.limited('192.0.2.7')).toBe(false);
    // The user's token, from the very address that guessed: exchanged.
    expect(s.exchange(s.issue(false), 'laptop', '127.0.0.1')).not.toBeNull();
    now += 60_000;
    expect(s.limited('127.0.0.1')).toBe(false);
  });

  it('follows a bounded number of guessing sources', () => {
    const s = new WebSessions(() => 0);
    for (let i = 0; i < 5000; i++) s.exchange('wrong', 'x', `10.0.${i >> 8}.${i & 255}`);
    expect((s as unknown as { guesses: Map<string, number[]> }).guesses.size).toBeLessThanOrEqual(1000);
  });

  it('an idle session ends, and says so to who listens (the open sockets)', () => {
    let now = 0;
    const s = new WebSessions(() => now);
    const session = s.exchange(s.issue(false), 'laptop')!;
    const ended: string[][] = [];
    s.onEnd((ids) => ended.push(ids));
    now += 24 * 3600_000;
    expect(s.get(session.secret)?.id).toBe(session.id);
    now += 8 * 24 * 3600_000;
    expect(s.get(session.secret)).toBeNull();
    expect(ended).toEqual([[session.id]]);
  });

  it('revoke all ends every session and the tokens not used yet', () => {
    const s = new WebSessions();
    const a = s.exchange(s.issue(false), 'a')!;
    const pending = s.issue(false);
    expect(s.revoke('all')).toBe(1);
    expect(s.get(a.secret)).toBeNull();
    expect(s.exchange(pending, 'b')).toBeNull();
    expect(s.list()).toEqual([]);
  });

  it('what is kept for the next server holds no cookie, and the cookie works there as here', () => {
    let now = 0;
    const a = new WebSessions(() => now);
    let changes = 0;
    a.onChange(() => changes++);
    const made = a.exchange(a.issue(true), 'phone')!;
    expect(changes).toBe(1);
    const kept = a.saved();
    expect(JSON.stringify(kept)).not.toContain(made.secret);
    // Seen within a minute: not worth a write; later, kept again.
    now += 30_000;
    a.get(made.secret);
    expect(changes).toBe(1);
    now += 90_000;
    a.get(made.secret);
    expect(changes).toBe(2);
    const b = new WebSessions(() => now, a.saved());
    expect(b.get(made.secret)).toMatchObject({ id: made.id, readOnly: true, csrf: made.csrf });
    expect(b.get(kept[0].hash)).toBeNull(); // the hash on disk is not a cookie
    b.revoke('all');
    expect(b.saved()).toEqual([]);
  });
});
