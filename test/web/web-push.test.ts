import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { until } from '../support/wait.js';
import { cats } from '../support/web/browser.js';
import { request, webHubs, type WebHubRun } from '../support/web/web-hub.js';
import {
  decryptPush,
  pushEndpoints,
  testSubscription,
  vapidClaims,
  type TestSubscription,
} from '../support/web/push-endpoint.js';

// Web Push from a real hub (docs/web.md#push): a session subscribes with keys of the test's own, at
// an endpoint the test runs (no vendor's push service is reachable here); lua/default/push.lua
// pushes when an agent starts waiting; the test decrypts what arrives as a browser would.

const start = webHubs();
const endpoint = pushEndpoints();

async function subscribe(w: WebHubRun, at: string, sub: TestSubscription) {
  const { cookie, csrf } = await w.login();
  const res = await request(`${w.base}/push/subscribe`, {
    method: 'POST',
    headers: { origin: w.base, cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
    body: JSON.stringify(sub.json(at)),
  });
  expect(res.status).toBe(200);
  return { cookie, csrf };
}

const log = (w: WebHubRun) => {
  const f = path.join(w.home, 'logs', 'hub.log');
  return fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '';
};

describe('web push', { timeout: 60_000 }, () => {
  it("an agent that starts waiting is pushed to the session's subscription, encrypted for it; the test reads its number", async () => {
    const w = await start(cats('alpha', 'beta', 'gamma'));
    const ep = await endpoint();
    const sub = testSubscription();
    await subscribe(w, `${ep.base}/sub/1`, sub);
    w.waiting('3', 'Delete the secret folder?');
    const got = await until('the push', () => ep.posted[0]);
    expect(got.path).toBe('/sub/1');
    expect(got.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(got.headers.ttl)).toBeGreaterThan(0);
    const claims = vapidClaims(String(got.headers.authorization));
    expect(claims.aud).toBe(ep.base);
    expect(claims.sub).toMatch(/^mailto:/);
    expect(claims.exp * 1000).toBeGreaterThan(Date.now());
    // the key it signs with is the page's applicationServerKey, kept in the home (0600)
    const page = await request(`${w.base}/`, { headers: { cookie: (await w.login()).cookie } });
    expect(page.body).toContain(`data-push-key-value="${claims.k}"`);
    const kept = path.join(w.home, 'push-vapid.json');
    expect(fs.statSync(kept).mode & 0o777).toBe(0o600);
    // nothing of it is readable on the way: the body is not the text
    expect(got.body.includes(Buffer.from('needs you'))).toBe(false);
    const message = JSON.parse(decryptPush(got.body, sub).toString('utf8'));
    expect(message).toEqual({
      title: 'Botster Hub',
      body: 'agent 3 needs you',
      url: '/agents/3',
      tag: 'agent-3',
    });
    // content-free by default: the agent's question is not in it
    expect(JSON.stringify(message)).not.toContain('secret');
    // a bad subscription is refused by name
    const { cookie, csrf } = await w.login();
    const bad = await request(`${w.base}/push/subscribe`, {
      method: 'POST',
      headers: { origin: w.base, cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ endpoint: 'http://example.com/x', keys: sub.json('').keys }),
    });
    expect(bad.status).toBe(400);
    const noCsrf = await request(`${w.base}/push/subscribe`, {
      method: 'POST',
      headers: { origin: w.base, cookie, 'content-type': 'application/json' },
      body: JSON.stringify(sub.json(`${ep.base}/sub/2`)),
    });
    expect(noCsrf.status).toBe(403);
  });

  it('pushes nothing while a key was just typed at the hub (lua/default/push.lua: push.unless_typed)', async () => {
    const w = await start(cats('alpha', 'beta'));
    const ep = await endpoint();
    await subscribe(w, `${ep.base}/sub/1`, testSubscription());
    w.hub.clients.attach('c1', 100, 30);
    w.hub.clients.input('c1', 'x');
    w.waiting('2', 'Proceed?');
    // (the hold is decided as the request is carried out, and said in the log: nothing was posted)
    await until('the hold', () => log(w).includes('a push about agent 2 held'));
    expect(ep.posted).toEqual([]);
  });

  it("a revoked session's subscription ends with it", async () => {
    const w = await start(cats('alpha', 'beta'));
    const ep = await endpoint();
    await subscribe(w, `${ep.base}/revoked`, testSubscription());
    const kept = () => fs.readFileSync(path.join(w.home, 'web.json'), 'utf8');
    await until('the subscription kept', () => kept().includes('/revoked'));
    const listed = (await w.web.op({ op: 'web', action: 'sessions' })) as { sessions: Array<{ id: string }> };
    const first = listed.sessions[0].id;
    const other = testSubscription();
    await subscribe(w, `${ep.base}/kept`, other);
    await w.web.op({ op: 'web', action: 'revoke', id: first });
    expect(kept()).not.toContain('/revoked');
    w.waiting('1', 'Proceed?');
    // both would go in one round: once it is said done, the revoked one was not among them
    await until('the round', () => log(w).includes('pushed to 1 of 1 subscriptions (agent 1)'));
    expect(ep.posted.map((p) => p.path)).toEqual(['/kept']);
    expect(JSON.parse(decryptPush(ep.posted[0].body, other).toString()).body).toBe('agent 1 needs you');
  });
});
