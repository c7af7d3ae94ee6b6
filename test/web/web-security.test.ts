import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebServer } from '../../src/web/server.js';
import { sleep, until } from '../support/wait.js';
import { get, post, request, socket, webHubs } from '../support/web/web-hub.js';

// docs/web.md "What must never happen", each rule at the request level over real HTTP and
// WebSockets against a real hub: without the rule, the test fails.

const start = webHubs();
const AGENT = { command: 'cat', name: 'secret-agent-name' };

describe('web: nothing without a session', () => {
  it('serves no page, asset or socket without one, and names nothing of the hub', async () => {
    const w = await start([AGENT]);
    for (const p of [
      '/',
      '/agents/1',
      '/assets/app.js',
      '/assets/turbo.js',
      '/new',
      '/controllers/terminal_controller.js',
      '/manifest.webmanifest',
    ]) {
      const res = await get(`${w.base}${p}`);
      expect(res.status, p).toBe(401);
      expect(res.body).not.toContain('secret-agent-name');
      expect(res.body).not.toMatch(/agents?: ?\d/);
    }
    const bad = await get(`${w.base}/`, { cookie: `botster_session_${w.port}=forged` });
    expect(bad.status).toBe(401);
    expect((await socket(w.base, { origin: w.base })).status).toBe(401);
  });

  it('trades a one-time token for an HttpOnly SameSite=Strict cookie and leaves the address', async () => {
    const w = await start([AGENT]);
    const url = w.web.tokenUrl()!;
    const res = await get(url);
    expect(res.status).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(res.body).toContain('http-equiv="refresh" content="0;url=/"');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    // Spent: the same address opens nothing a second time.
    expect((await get(url)).status).toBe(401);
    const board = await get(`${w.base}/`, { cookie: cookie.split(';')[0] });
    expect(board.status).toBe(200);
    expect(board.body).toContain('secret-agent-name');
    // The web-app manifest, with the session only (the page's link sends its cookie).
    expect(board.body).toContain(
      '<link rel="manifest" href="/manifest.webmanifest" crossorigin="use-credentials">',
    );
    const manifest = await get(`${w.base}/manifest.webmanifest`, { cookie: cookie.split(';')[0] });
    expect(manifest.status).toBe(200);
    expect(manifest.headers['content-type']).toBe('application/manifest+json');
    expect(JSON.parse(manifest.body)).toMatchObject({ start_url: '/', display: 'standalone' });
  });

  it('rate limits token guessing, and a flood of wrong tokens never locks out the right one', async () => {
    const w = await start([AGENT]);
    const { cookie } = await w.login();
    for (let i = 0; i < 5; i++) expect((await get(`${w.base}/login?token=guess${i}`)).status).toBe(401);
    // Any local process shares the user's address: its wrong tokens are answered "too many"...
    for (let i = 0; i < 50; i++) {
      const res = await get(`${w.base}/login?token=guess-more${i}`);
      expect(res.status).toBe(429);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    // ...while the address the hub showed its user still opens, and a session made before goes on.
    const res = await get(w.web.tokenUrl()!);
    expect(res.status).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly/);
    expect((await get(`${w.base}/`, { cookie })).status).toBe(200);
    const log = fs.readFileSync(path.join(w.home, 'logs', 'hub.log'), 'utf8');
    expect(log.match(/web: too many wrong tokens from /g)).toHaveLength(1);
  });
});

describe('web: the address, the origin, the form', () => {
  it('refuses a Host that is not the address it listens on (DNS rebinding)', async () => {
    const w = await start([AGENT]);
    const { cookie } = await w.login();
    const res = await get(`${w.base}/`, { cookie, host: `rebind.example:${w.port}` });
    expect(res.status).toBe(421);
    expect(res.body).not.toContain('secret-agent-name');
    const login = await get(w.web.tokenUrl()!, { host: `rebind.example:${w.port}` });
    expect(login.status).toBe(421);
    expect((await socket(w.base, { cookie, origin: w.base, host: `rebind.example:${w.port}` })).status).toBe(
      421,
    );
  });

  it('answers a loopback name on another port (an SSH tunnel), never a foreign name', async () => {
    const w = await start([AGENT]);
    // `ssh -L 9000:127.0.0.1:PORT host`, then http://localhost:9000 on the laptop.
    const tunnel = 'http://localhost:9000';
    const login = await get(w.web.tokenUrl()!, { host: 'localhost:9000' });
    expect(login.status).toBe(200);
    const cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0];
    const page = await get(`${w.base}/`, { cookie, host: 'localhost:9000' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('secret-agent-name');
    expect((await get(`${w.base}/`, { cookie, host: '[::1]:8443' })).status).toBe(200);
    expect((await get(`${w.base}/`, { cookie, host: 'localhost' })).status).toBe(200);
    const csrf = /name="csrf-token" content="([^"]+)"/.exec(page.body)?.[1] ?? '';
    // Its page's socket and forms: same origin with the Host the browser sent.
    const ok = await socket(w.base, { cookie, origin: tunnel, host: 'localhost:9000' });
    expect(ok.ws).not.toBeNull();
    ok.ws?.close();
    // A page on another port (another site) is not that page.
    expect(
      (await socket(w.base, { cookie, origin: 'http://localhost:9001', host: 'localhost:9000' })).status,
    ).toBe(403);
    const foreign = await post(
      w.base,
      '/agents/1/stop',
      { authenticity_token: csrf },
      { cookie, origin: 'http://localhost:9001', host: 'localhost:9000' },
    );
    expect(foreign.status).toBe(403);
    // A foreign name is refused on any port, the hub's own included.
    for (const host of [
      `evil.example:${w.port}`,
      'evil.example:9000',
      'localhost.evil.example:9000',
      '127.0.0.1.nip.io',
    ])
      expect((await get(`${w.base}/`, { cookie, host })).status, host).toBe(421);
    expect(w.hub.agents.get('1')?.info.status).not.toBe('exited');
  });

  it('refuses a POST or a WebSocket from another origin, or with none', async () => {
    const w = await start([AGENT]);
    const { cookie, csrf } = await w.login();
    const foreign = await post(
      w.base,
      '/agents/1/stop',
      { authenticity_token: csrf },
      { cookie, origin: 'http://evil.example' },
    );
    expect(foreign.status).toBe(403);
    expect((await socket(w.base, { cookie, origin: 'http://evil.example' })).status).toBe(403);
    expect((await socket(w.base, { cookie })).status).toBe(403);
    const ok = await socket(w.base, { cookie, origin: w.base });
    expect(ok.ws).not.toBeNull();
    ok.ws?.close();
    expect(w.hub.agents.get('1')?.info.status).not.toBe('exited');
  });

  it('does nothing for a form without the CSRF token', async () => {
    const w = await start([AGENT]);
    const { cookie, csrf } = await w.login();
    expect((await post(w.base, '/agents/1/stop', {}, { cookie })).status).toBe(403);
    expect((await post(w.base, '/agents/1/stop', { authenticity_token: 'wrong' }, { cookie })).status).toBe(
      403,
    );
    await sleep(200);
    expect(w.hub.agents.get('1')?.info.status).not.toBe('exited');
    // With it (as Turbo sends it, a header), the same form stops the agent.
    const res = await post(w.base, '/agents/1/stop', {}, { cookie, 'x-csrf-token': csrf });
    expect(res.status).toBe(303);
    await until(
      'the agent stops',
      () => w.hub.agents.get('1')?.info.status === 'exited' || !w.hub.agents.get('1'),
      5000,
    );
  });

  it('sends a CSP without inline script, and may not be framed', async () => {
    const w = await start([AGENT]);
    const { cookie } = await w.login();
    const res = await get(`${w.base}/`, { cookie });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    // The one inline script is the import map, which the hash names exactly.
    const scripts = [...res.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    for (const [, attrs, body] of scripts) if (body.trim()) expect(attrs).toContain('type="importmap"');
  });

  it('a route cannot send the browser off the hub (no open redirect)', async () => {
    const w = await start([AGENT], {
      'user/routes.lua': 'routes.get("/off", function() return redirect("//evil.example/x") end)\n',
    });
    const { cookie } = await w.login();
    const res = await get(`${w.base}/off`, { cookie });
    expect(res.status).toBe(500);
    expect(res.headers.location).toBeUndefined();
    expect(res.body).toMatch(/routes\.lua:1: redirect: a path of the hub/);
  });

  it("a redirect's note is the page's ?note=, encoded: it adds no parameter, header or path of its own", async () => {
    const w = await start([AGENT], {
      'user/routes.lua': [
        'routes.get("/said", function() return redirect("/", "x&note=y\\r\\nSet-Cookie: a=b /../ 100%") end)',
        'routes.get("/more", function() return redirect("/pipelines?x=1", "ok (v2)") end)',
        'routes.get("/bad", function() return redirect("/", 3) end)',
      ].join('\n'),
    });
    const { cookie } = await w.login();
    const said = await get(`${w.base}/said`, { cookie });
    expect(said.status).toBe(303);
    expect(said.headers['set-cookie']).toBeUndefined();
    expect(said.headers.location).toBe('/?note=x%26note%3Dy%0D%0ASet-Cookie%3A+a%3Db+%2F..%2F+100%25');
    expect(new URL(said.headers.location!, w.base).searchParams.getAll('note')).toEqual([
      'x&note=y\r\nSet-Cookie: a=b /../ 100%',
    ]);
    expect((await get(`${w.base}/more`, { cookie })).headers.location).toBe(
      '/pipelines?x=1&note=ok+%28v2%29',
    );
    const bad = await get(`${w.base}/bad`, { cookie });
    expect(bad.status).toBe(500);
    expect(bad.body).toMatch(/routes\.lua:3: redirect: the note must be a string/);
  });

  it('listens on another address only over TLS', async () => {
    const w = await start([AGENT]);
    await expect(
      WebServer.start({ hub: { home: w.home } as never, root: process.cwd(), port: 0, address: '0.0.0.0' }),
    ).rejects.toThrow(/only over TLS/);
  });
});

describe('web: sessions end at once', () => {
  it('revoke closes open sockets and refuses the cookie', async () => {
    const w = await start([AGENT]);
    const { cookie } = await w.login();
    const s = await socket(w.base, { cookie, origin: w.base });
    const closed = new Promise<number>((r) => s.ws!.once('close', (code) => r(code)));
    const listed = (await w.web.op({ op: 'web', action: 'sessions' })) as { sessions: Array<{ id: string }> };
    expect(listed.sessions).toHaveLength(1);
    await w.web.op({ op: 'web', action: 'revoke', id: listed.sessions[0].id });
    expect(await closed).toBe(4401);
    expect((await get(`${w.base}/`, { cookie })).status).toBe(401);
  });

  it('a read-only session types nothing and changes nothing', async () => {
    const w = await start([AGENT]);
    const { cookie, csrf } = await w.login(true);
    const s = await socket(w.base, { cookie, origin: w.base });
    s.ws!.send('w1');
    s.ws!.send('iread-only-typed\r'.replace('i', 'i1:'));
    await sleep(300);
    expect(w.hub.agents.get('1')!.terminal.lineText(0)).not.toContain('read-only-typed');
    const res = await post(w.base, '/agents/1/stop', {}, { cookie, 'x-csrf-token': csrf });
    expect(res.status).toBe(403);
    s.ws!.close();
  });
});

describe('web: the token never reaches an agent', () => {
  it('the web op answers the address without a token and the hub log holds none', async () => {
    const w = await start([AGENT]);
    const reply = JSON.stringify(await w.web.op({ op: 'web', action: 'start' }));
    expect(reply).not.toMatch(/token/i);
    await w.login();
    const log = path.join(w.home, 'logs');
    const text = fs.existsSync(log)
      ? fs
          .readdirSync(log)
          .map((f) => fs.readFileSync(path.join(log, f), 'utf8'))
          .join('')
      : '';
    expect(text).not.toMatch(/token=/);
    const res = await request(`${w.base}/`, {});
    expect(res.status).toBe(401);
  });
});
