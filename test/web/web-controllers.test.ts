import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { until } from '../support/wait.js';
import { get, webHubs } from '../support/web/web-hub.js';
import { NO_BROWSER, browsers } from '../support/web/browser.js';

// Your Stimulus controllers (user/controllers/NAME_controller.js) in a real browser: one over the
// shipped one of its name, and a broken one (it keeps the last good one and says where).

const start = webHubs();
const browser = browsers();

const hello = (text: string) =>
  `import { Controller } from '@hotwired/stimulus';\nexport default class extends Controller {\n  connect() {\n    this.element.textContent = '${text}';\n  }\n}\n`;

describe.skipIf(NO_BROWSER)('web: your controllers', { timeout: 60_000 }, () => {
  it('a controller of yours replaces the shipped one of its name, through the import map', async () => {
    const w = await start([{ command: 'cat', name: 'one' }], {
      // The shipped "hub" controller is on every page's <body>: yours marks it instead.
      'user/controllers/hub_controller.js': `import { Controller } from '@hotwired/stimulus';\nexport default class extends Controller {\n  connect() {\n    this.element.dataset.mine = 'yes';\n  }\n}\n`,
    });
    const page = await browser();
    await page.goto(w.web.tokenUrl()!);
    await page.waitForSelector('#agent_1');
    await page.waitForSelector('body[data-mine="yes"]', { timeout: 10000 });
    const { cookie } = await w.login();
    const served = await get(`${w.base}/controllers/hub_controller.js`, { cookie });
    expect(served.body).toContain("dataset.mine = 'yes'");
  });

  it('a broken controller keeps the last good one and says file:line: message on the page and in the hub', async () => {
    const w = await start([{ command: 'cat', name: 'one' }], {
      'user/controllers/hello_controller.js': hello('hello v1'),
      'user/templates/hello.liquid':
        '{% layout "layout.liquid" %}{% block content %}<p id="hello" data-controller="hello"></p>{% endblock %}\n',
      'user/routes.lua':
        'routes.get("/hello", function() return render("hello.liquid", { waiting = 0 }) end)\n',
    });
    const page = await browser();
    await page.goto(w.web.tokenUrl()!);
    await page.waitForSelector('#agent_1');
    await page.goto(`${w.base}/hello`);
    await page.waitForFunction(() => document.querySelector('#hello')?.textContent === 'hello v1');
    await until('the page socket', () => w.web.pages > 0, 5000);
    const notices: string[] = [];
    w.hub.hubStore.subscribe((prev, next) => {
      if (next.notice && next.notice !== prev.notice) notices.push(next.notice.text);
    });
    const file = path.join(w.home, 'user/controllers/hello_controller.js');
    fs.writeFileSync(file, hello('hello v2').replace("= 'hello v2';", '= ;'));
    await page.waitForSelector('#web_errors', { timeout: 10000 });
    expect(await page.textContent('#web_errors')).toMatch(
      /controllers\/hello_controller\.js:4: SyntaxError: Unexpected token/,
    );
    // In the hub: its notice and its log.
    expect(notices.join('\n')).toMatch(/hello_controller\.js:4: SyntaxError/);
    const log = fs.readFileSync(path.join(w.home, 'logs/hub.log'), 'utf8');
    expect(log).toMatch(/ERROR web: .*hello_controller\.js:4: SyntaxError/);
    // The last good one goes on, loaded again too.
    await page.reload();
    await page.waitForFunction(() => document.querySelector('#hello')?.textContent === 'hello v1');
    const { cookie } = await w.login();
    expect((await get(`${w.base}/controllers/hello_controller.js`, { cookie })).body).toContain('hello v1');
    // Mended: the new one, and the error is gone.
    fs.writeFileSync(file, hello('hello v3'));
    await page.waitForFunction(() => document.querySelector('#hello')?.textContent === 'hello v3', null, {
      timeout: 10000,
    });
    expect(await page.$('#web_errors')).toBeNull();
  });
});
