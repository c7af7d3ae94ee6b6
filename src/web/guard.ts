import type http from 'node:http';
import crypto from 'node:crypto';

// The rules every request passes before anything of the hub is read: the Host names the hub (a
// DNS-rebinding page's names the attacker's domain), a POST or a WebSocket comes from the page the
// browser shows for that same Host (Origin), and every page says it runs no inline script and may
// not be framed.

export interface Listening {
  /** Host headers accepted on a non-loopback address: "100.64.0.1:8080", "[fd00::1]:8080". */
  hosts: Set<string>;
  scheme: 'http' | 'https';
  /**
   * It listens on loopback: a loopback name with any port (or none) is the hub's. Rebinding needs
   * a name the attacker controls; the port differs through an SSH tunnel (`ssh -L 9000:...`).
   */
  loopback?: boolean;
}

const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/;

/** The Host headers the hub answers to, for the address it listens on. */
export function hostsFor(address: string, port: number): Set<string> {
  const loopback = address === '127.0.0.1' || address === '::1' || address === 'localhost';
  const names = loopback
    ? ['127.0.0.1', 'localhost', '[::1]']
    : [address.includes(':') ? `[${address}]` : address];
  return new Set(names.map((n) => `${n}:${port}`));
}

/** The Host names the hub (see Listening.loopback); lower case, or null when it does not. */
function hubHost(host: string | undefined, l: Listening): string | null {
  if (typeof host !== 'string') return null;
  const h = host.toLowerCase();
  return l.hosts.has(h) || (l.loopback === true && LOOPBACK_HOST.test(h)) ? h : null;
}

export function hostAllowed(req: http.IncomingMessage, l: Listening): boolean {
  return hubHost(req.headers.host, l) !== null;
}

/**
 * The Origin is the hub's page at the very Host this request names (a missing Origin is foreign
 * too): through a tunnel, the page at localhost:9000 posts to localhost:9000, never elsewhere.
 */
export function originAllowed(req: http.IncomingMessage, l: Listening): boolean {
  const origin = req.headers.origin;
  const host = hubHost(req.headers.host, l);
  if (typeof origin !== 'string' || host === null) return false;
  try {
    const u = new URL(origin);
    return u.protocol === `${l.scheme}:` && u.host === new URL(`${l.scheme}://${host}`).host;
  } catch {
    return false;
  }
}

/** The hash CSP allows the import map by (its exact text: no other inline script runs). */
export function scriptHash(text: string): string {
  return `'sha256-${crypto.createHash('sha256').update(text).digest('base64')}'`;
}

/** Headers every answer carries; `script` adds the hash of the page's import map. */
export function securityHeaders(script?: string): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self'${script ? ` ${scriptHash(script)}` : ''}`,
    // xterm.js adds a style element of its own: styles may be inline, scripts never.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    // The token's address must never travel to another site.
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}

/**
 * The cookies of a request, by name; null for a value that is not valid percent-encoding. Never
 * throws: the header is whatever any local process sends (a throw here once stopped the hub).
 */
export function cookies(req: http.IncomingMessage): Record<string, string | null> {
  // (no prototype: a cookie named __proto__ is one more name)
  const out: Record<string, string | null> = Object.create(null) as Record<string, string | null>;
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    const name = part.slice(0, Math.max(i, 0)).trim();
    if (name) out[name] = decoded(part.slice(i + 1).trim());
  }
  return out;
}

function decoded(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/**
 * The request's address, or null when it is malformed: not a path of this site (`//host/x`, `*`,
 * an absolute URL), or percent-encoding that does not decode, in the path or the query.
 */
export function requestTarget(raw: string | undefined): URL | null {
  // (`/\\host` is `//host` to a URL parser: a backslash is a slash in http URLs.)
  if (raw === undefined || !/^\/(?![/\\])/.test(raw)) return null;
  try {
    const url = new URL(raw, 'http://x');
    if (decoded(url.pathname) === null || decoded(url.search) === null) return null;
    return url;
  } catch {
    return null;
  }
}

export const COOKIE = 'botster_session';

export function sessionCookie(secret: string, secure: boolean): string {
  return `${COOKIE}=${secret}; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`;
}
