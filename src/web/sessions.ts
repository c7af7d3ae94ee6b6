import crypto from 'node:crypto';

// Who may see the hub in a browser: one-time tokens (short-lived, shown by the hub only to its
// user) exchanged for sessions (an HttpOnly cookie). Guessing tokens is rate limited per source
// address, and a right token is never refused: on loopback every local process shares the user's
// address, so a limit that held the right token back would let any of them lock the user out (a
// token's 192 random bits are what no guesser gets through). A revoked or expired session is
// refused at once, its open sockets closed by whoever listens to onEnd.

const TOKEN_TTL_MS = 2 * 60_000;
const SESSION_IDLE_MS = 7 * 24 * 3600_000;
/** Wrong tokens one source may send in a window; past them its wrong ones are answered "too many". */
const GUESSES = 5;
const GUESS_WINDOW_MS = 60_000;
/** Sources followed at once (the oldest is forgotten): a flood from many addresses stays bounded. */
const SOURCES = 1000;

export interface WebSession {
  /** Short and public: what `web sessions` lists and `web revoke ID` names. */
  id: string;
  /** The cookie's value (never listed). */
  secret: string;
  /** The page's CSRF token (Turbo's csrf-token meta). */
  csrf: string;
  readOnly: boolean;
  device: string;
  created: number;
  lastSeen: number;
}

/** A browser's Web Push subscription (PushSubscription.toJSON()): where to post, and the keys to encrypt for. */
export interface PushSubscription {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** Subscriptions one session may hold (a phone and a laptop sharing a session, a browser's renewals). */
const PUSH_PER_SESSION = 5;

/** A session as the home keeps it for the next server (web-state.ts): the cookie's hash, never the cookie. */
export type SavedSession = Omit<WebSession, 'secret'> & { hash: string; push?: PushSubscription[] };

export type SessionInfo = Pick<WebSession, 'id' | 'readOnly' | 'device'> & {
  created: string;
  last_seen: string;
};

/** Same length and contents, in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

const random = (bytes: number) => crypto.randomBytes(bytes).toString('base64url');
/** Sessions are found by the cookie's hash, so what is kept on disk cannot be sent as a cookie. */
const hashOf = (secret: string) => crypto.createHash('sha256').update(secret).digest('base64url');
/** How stale a kept "last seen" may get before it is written again. */
const SEEN_SAVE_MS = 60_000;

export class WebSessions {
  private readonly tokens = new Map<string, { expires: number; readOnly: boolean }>();
  /** By the cookie's hash. */
  private readonly sessions = new Map<string, SavedSession>();
  /** Each source's wrong tokens in the window (their times). */
  private readonly guesses = new Map<string, number[]>();
  private readonly ended = new Set<(ids: string[]) => void>();
  private readonly changed = new Set<() => void>();

  constructor(
    private readonly now: () => number = Date.now,
    kept: readonly SavedSession[] = [],
  ) {
    for (const s of kept) this.sessions.set(s.hash, { ...s });
  }

  /** What the next server takes over (an upgrade, a crash): no token, no cookie. */
  saved(): SavedSession[] {
    return [...this.sessions.values()].map((s) => ({ ...s }));
  }

  /** A session was made or ended, or one was seen well after it was last kept. */
  onChange(cb: () => void): () => void {
    this.changed.add(cb);
    return () => this.changed.delete(cb);
  }

  private change(): void {
    for (const cb of this.changed) cb();
  }

  /** A token for one exchange within two minutes. */
  issue(readOnly: boolean): string {
    const token = random(24);
    this.tokens.set(token, { expires: this.now() + TOKEN_TTL_MS, readOnly });
    return token;
  }

  /** Too many wrong tokens from `source` lately: its wrong ones are answered "too many" until the window passes. */
  limited(source = ''): boolean {
    return this.recent(source).length >= GUESSES;
  }

  private recent(source: string): number[] {
    const t = this.now();
    const list = (this.guesses.get(source) ?? []).filter((g) => t - g < GUESS_WINDOW_MS);
    if (list.length) this.guesses.set(source, list);
    else this.guesses.delete(source);
    return list;
  }

  /**
   * The token's session (the token is spent), or null: unknown, expired or spent. A wrong one counts
   * against `source` (the peer's address); a right one is exchanged however many wrong ones came.
   */
  exchange(token: string, device: string, source = ''): WebSession | null {
    const t = this.now();
    const found = [...this.tokens.entries()].find(([k]) => sameSecret(k, token));
    if (!found || found[1].expires < t) {
      if (found) this.tokens.delete(found[0]);
      this.wrong(source, t);
      return null;
    }
    this.tokens.delete(found[0]);
    const secret = random(32);
    const s: SavedSession = {
      id: random(4).replace(/[-_]/g, 'x').slice(0, 6),
      hash: hashOf(secret),
      csrf: random(24),
      readOnly: found[1].readOnly,
      device: device.slice(0, 120),
      created: t,
      lastSeen: t,
    };
    this.sessions.set(s.hash, s);
    this.change();
    return { ...this.shown(s), secret };
  }

  private wrong(source: string, t: number): void {
    const list = this.recent(source);
    if (list.length >= GUESSES) return; // limited already: nothing more to keep
    list.push(t);
    this.guesses.delete(source); // (re-inserted last: the oldest source is the first key)
    this.guesses.set(source, list);
    if (this.guesses.size > SOURCES) this.guesses.delete(this.guesses.keys().next().value as string);
  }

  private shown(s: SavedSession): WebSession {
    const { hash: _, push: __, ...rest } = s;
    return { ...rest, secret: '' };
  }

  /** The live session of a cookie's value, seen now; null when there is none. */
  get(secret: string | undefined): WebSession | null {
    if (!secret) return null;
    const s = this.sessions.get(hashOf(secret));
    if (!s) return null;
    const t = this.now();
    if (t - s.lastSeen > SESSION_IDLE_MS) {
      this.end([s]);
      return null;
    }
    const stale = t - s.lastSeen > SEEN_SAVE_MS;
    s.lastSeen = t;
    if (stale) this.change();
    return { ...this.shown(s), secret };
  }

  list(): SessionInfo[] {
    return [...this.sessions.values()].map((s) => ({
      id: s.id,
      readOnly: s.readOnly,
      device: s.device,
      created: new Date(s.created).toISOString(),
      last_seen: new Date(s.lastSeen).toISOString(),
    }));
  }

  /** Ends a session by id, or every one ('all'), and the tokens not used yet; how many sessions ended. */
  revoke(id: string): number {
    const gone = [...this.sessions.values()].filter((s) => id === 'all' || s.id === id);
    if (id === 'all') this.tokens.clear();
    this.end(gone);
    return gone.length;
  }

  /**
   * Session `id` is to be pushed to at this subscription (the same endpoint again: its keys renewed).
   * Kept with the session: it ends when the session does.
   */
  subscribe(id: string, sub: PushSubscription): boolean {
    const s = [...this.sessions.values()].find((x) => x.id === id);
    if (!s) return false;
    const rest = (s.push ?? []).filter((p) => p.endpoint !== sub.endpoint);
    s.push = [...rest, { ...sub }].slice(-PUSH_PER_SESSION);
    this.change();
    return true;
  }

  /** No more pushes to `endpoint` (the page unsubscribed, or its push service said it is gone). */
  unsubscribe(endpoint: string, id?: string): void {
    let changed = false;
    for (const s of this.sessions.values()) {
      if (id !== undefined && s.id !== id) continue;
      const rest = (s.push ?? []).filter((p) => p.endpoint !== endpoint);
      if (rest.length !== (s.push ?? []).length) {
        s.push = rest;
        changed = true;
      }
    }
    if (changed) this.change();
  }

  /** Every live session's subscriptions. */
  subscriptions(): Array<{ session: string; sub: PushSubscription }> {
    return [...this.sessions.values()].flatMap((s) => (s.push ?? []).map((sub) => ({ session: s.id, sub })));
  }

  /** Sessions ended (revoked or expired): their sockets are closed there. */
  onEnd(cb: (ids: string[]) => void): () => void {
    this.ended.add(cb);
    return () => this.ended.delete(cb);
  }

  private end(list: SavedSession[]): void {
    if (list.length === 0) return;
    for (const s of list) this.sessions.delete(s.hash);
    const ids = list.map((s) => s.id);
    for (const cb of this.ended) cb(ids);
    this.change();
  }
}
