import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitScreen } from '../support/cli-pty.js';
import { until } from '../support/hub.js';
import { hubLog, realWebHubs } from '../support/web/real-web-hub.js';
import { get, post } from '../support/web/web-hub.js';

// docs/web.md "Your routes", as a user follows it: the files it says to write, in a real hub's
// home; its page answers with the hub's layout (CSS, Turbo, the CSRF meta), and its form posts as
// Turbo sends it (the page's CSRF token in X-CSRF-Token) and reaches the agent.

const start = realWebHubs();
const DOC = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/web.md'), 'utf8');

/** The fenced block of `lang` that follows `after` in docs/web.md. */
function block(after: string, lang: string): string {
  const from = DOC.indexOf(after);
  if (from < 0) throw new Error(`docs/web.md no longer says ${after}`);
  const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(DOC.slice(from));
  if (!m) throw new Error(`docs/web.md has no ${lang} block after ${after}`);
  return m[1]!;
}

describe("docs/web.md's route example", () => {
  it('works as written: the page has the layout, its form posts and pokes the agent', async () => {
    const hub = await start();
    const user = path.join(hub.home, 'user');
    fs.mkdirSync(path.join(user, 'templates'), { recursive: true });
    fs.writeFileSync(
      path.join(user, 'templates', 'dashboard.liquid'),
      block('`user/templates/dashboard.liquid`', 'liquid'),
    );
    fs.writeFileSync(path.join(user, 'routes.lua'), block('`user/routes.lua`', 'lua'));
    const cookie = { cookie: hub.cookie };
    // (the saved file is loaded by the hub's watcher: the route answers once it is)
    const page = await until(
      'the route is loaded',
      async () => {
        const r = await get(`${hub.base}/dashboard`, cookie);
        return r.status === 404 ? null : r;
      },
      20000,
    );
    expect(page.status, page.body).toBe(200);
    expect(page.body).toContain('/assets/app.css');
    expect(page.body).toContain('/assets/app.js');
    const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(page.body)?.[1];
    expect(csrf).toBeDefined();
    const action = /<form method="post" action="(\/agents\/1\/poke)"/.exec(page.body)?.[1];
    expect(action, page.body).toBe('/agents/1/poke');
    const poked = await post(hub.base, action!, {}, { ...cookie, 'x-csrf-token': csrf! });
    expect(poked.status, poked.body).toBe(303);
    expect(poked.headers.location).toBe('/agents/1');
    await waitScreen(hub.client, /continue/, 20000);
    expect(hubLog(hub.home)).not.toMatch(/web: .*error|dashboard\.liquid/);
  }, 90_000);

  it('a template that does not exist: the line that renders it, said once', async () => {
    const hub = await start();
    const user = path.join(hub.home, 'user');
    fs.mkdirSync(user, { recursive: true });
    fs.writeFileSync(
      path.join(user, 'routes.lua'),
      'routes.get("/dashboard", function(req, app)\n  return render("dashboard.liquid", { agents = web.board(app) })\nend)\n',
    );
    const page = await until(
      'the route is loaded',
      async () => {
        const r = await get(`${hub.base}/dashboard`, { cookie: hub.cookie });
        return r.status === 404 ? null : r;
      },
      20000,
    );
    expect(page.status).toBe(500);
    expect(page.body).toMatch(/user\/routes\.lua:2: .*dashboard\.liquid/);
    const said = () =>
      hubLog(hub.home)
        .split('\n')
        .filter((l) => l.includes('dashboard.liquid'));
    await until('logged', () => said().length > 0, 20000);
    expect(said()).toHaveLength(1);
    expect(said()[0]).toMatch(/user\/routes\.lua:2: /);
  }, 90_000);
});
