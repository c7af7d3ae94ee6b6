import type http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import type { WebSession, WebSessions } from './sessions.js';
import { refuse, send } from './pages.js';
import { securityHeaders } from './guard.js';
import { endpointAllowed } from './push.js';

// The installable page's own addresses (docs/web.md#push): its service worker (at the site's root,
// so it serves every page), and a session's push subscription made or ended. They answer only a
// session, as every page does; a subscription is posted as JSON with the page's CSRF token.

const MAX_BODY = 8 * 1024;

export interface PushRouteDeps {
  root: string;
  sessions: WebSessions;
  log(level: 'info' | 'warn', message: string): void;
}

/** Answers the request when it is one of these (true); false: not ours. */
export async function pushRoute(
  deps: PushRouteDeps,
  session: WebSession,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  csrfOk: () => boolean,
): Promise<boolean> {
  if (url.pathname === '/sw.js' && (req.method === 'GET' || req.method === 'HEAD')) {
    const file = path.join(deps.root, 'lua/default/web/assets/sw.js');
    res.writeHead(200, {
      ...securityHeaders(),
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : fs.readFileSync(file));
    return true;
  }
  if (url.pathname !== '/push/subscribe' && url.pathname !== '/push/unsubscribe') return false;
  if (req.method !== 'POST') return (refuse(res, 405, 'method not allowed'), true);
  const body = await readJson(req);
  if (!csrfOk())
    return (refuse(res, 403, 'this is not from a page of this session (CSRF token missing or wrong)'), true);
  if (!body) return (refuse(res, 400, 'a subscription is JSON: { endpoint, keys: { p256dh, auth } }'), true);
  const endpoint = typeof body.endpoint === 'string' ? body.endpoint : '';
  if (url.pathname === '/push/unsubscribe') {
    deps.sessions.unsubscribe(endpoint, session.id);
    return (send(res, 200, '{"ok":true}', 'application/json'), true);
  }
  const keys = (body.keys ?? {}) as Record<string, unknown>;
  const p256dh = typeof keys.p256dh === 'string' ? keys.p256dh : '';
  const auth = typeof keys.auth === 'string' ? keys.auth : '';
  const b64 = /^[\w-]+={0,2}$/;
  if (!endpointAllowed(endpoint))
    return (refuse(res, 400, 'a push endpoint is an https address (or http on this machine)'), true);
  if (
    !b64.test(p256dh) ||
    Buffer.from(p256dh, 'base64url').length !== 65 ||
    !b64.test(auth) ||
    Buffer.from(auth, 'base64url').length < 16
  )
    return (
      refuse(res, 400, 'the subscription’s keys are not a P-256 key and an auth secret (base64url)'),
      true
    );
  deps.sessions.subscribe(session.id, {
    endpoint,
    p256dh: p256dh.replace(/=+$/, ''),
    auth: auth.replace(/=+$/, ''),
  });
  deps.log('info', `web: session ${session.id} subscribed to pushes at ${new URL(endpoint).origin}`);
  send(res, 200, '{"ok":true}', 'application/json');
  return true;
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown> | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(c as Buffer);
  }
  try {
    const v = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
