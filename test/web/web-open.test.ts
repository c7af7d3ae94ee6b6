import { describe, expect, it } from 'vitest';
import { appData } from '../../src/hub/app-data.js';
import { reportState } from '../../src/verbs/report.js';
import { until } from '../support/wait.js';
import { get, webHubs } from '../support/web/web-hub.js';
import { NO_BROWSER, browsers } from '../support/web/browser.js';

// app.web_open: true while a page of the hub's web is open, nil when none. The shipped board's
// agent_state_changed handler makes nothing for no one (with 500 agents starting it built the
// whole board at every state change, and ran over its budget): web.board is not called until a
// page opens, and is again while one is open.

const start = webHubs();
const browser = browsers();

// Counts the shipped handler's calls of web.board (user Lua loads after the shipped files).
const COUNT_BOARDS =
  'local board, n = web.board, 0\n' +
  'web.board = function(app)\n' +
  '  n = n + 1\n' +
  '  return board(app)\n' +
  'end\n' +
  'routes.get("/api/boards", function() return { n = n } end)\n';

describe.skipIf(NO_BROWSER)('web: app.web_open', { timeout: 60_000 }, () => {
  it('is nil with no page open, true while one is; the board is made only for an open page', async () => {
    const w = await start([{ command: 'cat', name: 'one' }], { 'user/boards.lua': COUNT_BOARDS });
    const open = () => appData(w.hub.state).web_open;
    const { cookie } = await w.login();
    const boards = async () =>
      (JSON.parse((await get(`${w.base}/api/boards`, { cookie })).body) as { n: number }).n;
    expect(open()).toBeUndefined();
    // (what the sign-in's own page made)
    const signedIn = await boards();
    // A state change that moves the agent in the board's order, with no page: no board made.
    w.waiting('1', 'Go on?');
    await until('the agent waits', () => w.hub.state.agentStates['1']?.state === 'waiting');
    expect(open()).toBeUndefined();
    expect(await boards()).toBe(signedIn);

    const page = await browser();
    await page.goto(w.web.tokenUrl()!);
    await page.waitForSelector('#agent_1');
    await until('the page socket', () => w.web.pages > 0, 5000);
    await until('app.web_open', () => open() === true);
    // (the page's own GET / made one)
    const before = await boards();
    void reportState(w.hub.control, { op: 'report', agent: '1', state: 'idle' });
    await until('the board made for the open page', async () => (await boards()) > before, 10_000);

    await page.close();
    await until('no page', () => w.web.pages === 0, 5000);
    await until('app.web_open gone', () => open() === undefined);
  });
});
