import type http from 'node:http';
import crypto from 'node:crypto';

// The rules every request passes before anything of the hub is read: the Host is the address the
// hub listens on (a DNS-rebinding page's is not), a POST or a WebSocket comes from the hub's own
// pages (Origin), and every page says it runs no inline script and may not be framed.

export interface Listening {
  /** Host headers accepted: "127.0.0.1:8080", "localhost:8080", ... */
  hosts: Set<string>;
  scheme: 'http' | 'https';
}

/** The Host headers the hub answers to, for the address it listens on. */
export function hostsFor(address: string, port: number): Set<string> {
  const loopback = address === '127.0.0.1' || address === '::1' || address === 'localhost';
  const names = loopback
    ? ['127.0.0.1', 'localhost', '[::1]']
    : [address.includes(':') ? `[${address}]` : address];
  return new Set(names.map((n) => `${n}:${port}`));
}

export function hostAllowed(req: http.IncomingMessage, l: Listening): boolean {
  const host = req.headers.host;
  return typeof host === 'string' && l.hosts.has(host.toLowerCase());
}

/** The Origin is one of the hub's own addresses (a missing Origin is foreign too). */
export function originAllowed(req: http.IncomingMessage, l: Listening): boolean {
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return false;
  try {
    const u = new URL(origin);
    return u.protocol === `${l.scheme}:` && l.hosts.has(u.host.toLowerCase());
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

/** The cookies of a request, by name. */
export function cookies(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

export const COOKIE = 'botster_session';

export function sessionCookie(secret: string, secure: boolean): string {
  return `${COOKIE}=${secret}; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`;
}
