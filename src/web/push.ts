import http from 'node:http';
import https from 'node:https';
import type { WebSessions, PushSubscription } from './sessions.js';
import { encryptPush, vapidAuthorization, type VapidKeys } from './push-crypto.js';
import { vapidKeys } from './push-keys.js';

// Web Push to the phones (docs/web.md#push): each session's subscriptions get the message, encrypted
// for each (push-crypto.ts) and signed with the home's VAPID key, posted to the endpoint its browser
// gave (its vendor's push service; here, any https address, or http on loopback). A subscription its
// service says is gone (404, 410) is dropped. What is pushed, and when, is Lua's (lua/default/push.lua).

/** What a push says: the text, and the page a tap opens. */
export interface PushMessage {
  text: string;
  /** The agent it is about: its page opens (/agents/ID), and a newer push about it replaces this one. */
  agent?: string;
  /** The hub's page to open instead (a path: "/pipelines"). */
  url?: string;
}

/** Who the pushes are from, as RFC 8292 asks (a push service may write to it about abuse). */
const SUBJECT = 'mailto:botster-tui@users.noreply.github.com';
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);
const MAX_ENDPOINT = 2048;

/** Whether the hub would post to this endpoint: https, or http on this machine (a local relay, a test). */
export function endpointAllowed(endpoint: string): boolean {
  if (endpoint.length > MAX_ENDPOINT) return false;
  try {
    const u = new URL(endpoint);
    return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname));
  } catch {
    return false;
  }
}

export class WebPusher {
  private keys: VapidKeys | null = null;

  constructor(
    private readonly home: string,
    private readonly sessions: WebSessions,
    private readonly log: (level: 'info' | 'warn', message: string) => void,
  ) {}

  /** The page's applicationServerKey (made on first use, then kept in the home). */
  get publicKey(): string {
    this.keys ??= vapidKeys(this.home);
    return this.keys.publicKey;
  }

  /** The message to every subscription; how many took it. */
  async push(m: PushMessage): Promise<number> {
    const subs = this.sessions.subscriptions();
    if (subs.length === 0) return 0;
    this.keys ??= vapidKeys(this.home);
    const url = m.url ?? (m.agent ? `/agents/${encodeURIComponent(m.agent)}` : '/');
    const payload = Buffer.from(
      JSON.stringify({ title: 'Botster Hub', body: m.text, url, tag: m.agent ? `agent-${m.agent}` : 'hub' }),
    );
    const sent = await Promise.all(subs.map(({ session, sub }) => this.one(session, sub, payload, m.agent)));
    return sent.filter(Boolean).length;
  }

  private async one(
    session: string,
    sub: PushSubscription,
    payload: Buffer,
    agent?: string,
  ): Promise<boolean> {
    const where = new URL(sub.endpoint).origin;
    try {
      const body = encryptPush(payload, sub.p256dh, sub.auth);
      const status = await post(sub.endpoint, body, {
        authorization: vapidAuthorization(sub.endpoint, this.keys!, SUBJECT, Date.now()),
        'content-encoding': 'aes128gcm',
        'content-type': 'application/octet-stream',
        ttl: '86400',
        urgency: 'high',
        // (a newer push about the same agent replaces one not yet delivered)
        ...(agent && /^[\w-]{1,20}$/.test(agent) ? { topic: `agent-${agent}` } : {}),
      });
      if (status === 404 || status === 410) {
        this.log('info', `web: push: ${where} says session ${session}'s subscription is gone; dropped`);
        this.sessions.unsubscribe(sub.endpoint, session);
        return false;
      }
      if (status < 200 || status >= 300) {
        this.log('warn', `web: push to ${where} (session ${session}) answered ${status}`);
        return false;
      }
      return true;
    } catch (err) {
      this.log('warn', `web: push to ${where} (session ${session}) failed: ${(err as Error).message}`);
      return false;
    }
  }
}

/** One POST; its status (the body is read and dropped). */
function post(endpoint: string, body: Buffer, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(endpoint);
    const lib = u.protocol === 'https:' ? https : http;
    const req = lib.request(
      u,
      { method: 'POST', headers: { ...headers, 'content-length': String(body.length) }, timeout: 15_000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer in 15 s')));
    req.on('error', reject);
    req.end(body);
  });
}
