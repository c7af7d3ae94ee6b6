import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { until } from '../wait.js';
import { webHubs } from './web-hub.js';
import { NO_BROWSER, browsers } from './browser.js';

// The hub in a real browser (chromium): the board, an answer, the terminal, your templates.

const start = webHubs();
const browser = browsers();
const screenOf = (hub: Awaited<ReturnType<typeof start>>['hub'], id: string) => {
  const t = hub.agents.get(id)!.terminal;
  return Array.from({ length: t.lineCount }, (_, i) => t.lineText(i)).join('\n');
};

describe.skipIf(NO_BROWSER)('web in a browser', { timeout: 60_000 }, () => {
  it('lists the agents and updates a card when its agent starts waiting', async () => {
    const w = await start([
      { command: 'cat', name: 'alpha' },
      { command: 'cat', name: 'beta' },
    ]);
    const page = await browser();
    await page.goto(w.web.tokenUrl()!);
    await page.waitForSelector('#agent_2');
    expect(page.url()).toBe(`${w.base}/`);
    expect(await page.textContent('#board')).toContain('alpha');
    expect(await page.textContent('#agent_2 .state')).not.toBe('waiting');
    // The page's socket is open once the terminal/board script ran.
    await page.waitForFunction(() => 'botster' in window);
    await until('the page socket', () => w.web.pages > 0, 5000);
    w.waiting('2', 'Proceed with the edit?');
    await page.waitForFunction(() => document.querySelector('#agent_2 .state')?.textContent === 'waiting');
    expect(await page.textContent('#agent_2 .reason')).toBe('Proceed with the edit?');
    expect(await page.textContent('#waiting_count')).toBe('1');
    await page.waitForFunction(() => document.title.startsWith('(1) '));
  });

  it('answers a question from the page: the agent gets it', async () => {
    const w = await start([{ command: `sh -c 'read a; echo "got:$a"; exec cat'`, name: 'asker' }]);
    const page = await browser();
    await page.goto(w.web.tokenUrl()!);
    await page.waitForSelector('#agent_1');
    await until('the page socket', () => w.web.pages > 0, 5000);
    w.waiting('1', 'Continue? (y/n)');
    await page.waitForSelector('#agent_1 button[value="yes"]');
    await page.click('#agent_1 button[value="yes"]');
    await until('the agent read the answer', () => screenOf(w.hub, '1').includes('got:y'), 8000);
  });

  it('types into the agent from the terminal on its page, and shows its echo', async () => {
    const w = await start([{ command: 'cat', name: 'typist' }]);
    const page = await browser();
    await page.goto(w.web.tokenUrl()!);
    await page.waitForSelector('#agent_1');
    await page.goto(`${w.base}/agents/1`);
    await page.waitForSelector('#terminal .xterm');
    await page.click('#terminal');
    await page.keyboard.type('hello-web');
    await until('the agent got the keys', () => screenOf(w.hub, '1').includes('hello-web'), 8000);
    await page.waitForFunction(() =>
      document.querySelector('#terminal .xterm-rows')?.textContent?.includes('hello-web'),
    );
  });

  it('shows a route and templates you save while the page is open, and a broken one says where', async () => {
    const w = await start([{ command: 'cat', name: 'mine' }]);
    const page = await browser();
    await page.goto(w.web.tokenUrl()!);
    await page.waitForSelector('#agent_1');
    await until('the page socket', () => w.web.pages > 0, 5000);
    const user = path.join(w.home, 'user');
    fs.mkdirSync(path.join(user, 'templates'), { recursive: true });
    // Your card for the board, over the shipped one.
    fs.writeFileSync(
      path.join(user, 'templates', '_agent_card.liquid'),
      '<article id="agent_{{ agent.id }}" class="card mine">my card: {{ agent.name }}</article>\n',
    );
    await page.waitForSelector('#agent_1.mine', { timeout: 8000 });
    // Your route and its template.
    fs.writeFileSync(
      path.join(user, 'templates', 'dash.liquid'),
      '{% layout "layout.liquid" %}{% block content %}<p id="dash">{{ agents.size }} agents on my dashboard</p>{% endblock %}\n',
    );
    fs.writeFileSync(
      path.join(user, 'routes.lua'),
      'routes.get("/", function(req, app)\n  return render("dash.liquid", { agents = web.board(app), waiting = 0 })\nend)\n',
    );
    await page.waitForSelector('#dash', { timeout: 10000 });
    expect(await page.textContent('#dash')).toBe('1 agents on my dashboard');
    // A broken template: the last good one stays, and the page says file:line: message.
    fs.writeFileSync(
      path.join(user, 'templates', 'dash.liquid'),
      '{% layout "layout.liquid" %}{% block content %}{% if %}\n',
    );
    await page.waitForSelector('#web_errors', { timeout: 8000 });
    expect(await page.textContent('#web_errors')).toMatch(/templates\/dash\.liquid:1: /);
    expect(await page.textContent('#dash')).toBe('1 agents on my dashboard');
  });
});
