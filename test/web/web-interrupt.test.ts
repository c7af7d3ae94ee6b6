import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { until } from '../support/wait.js';
import { get, post, webOn } from '../support/web/web-hub.js';
import { readAgent } from '../../src/agents/agent-screen.js';

// The interrupt verb's web button (the newcomer's walk of docs/architecture.md, its last step): the
// agent's page has it; posting it presses the agent's CLI's interrupt key (a shell: Ctrl+C) and
// says so on the page; asked for JSON, the verb's own typed answer, as the socket's.

const hubs = useHub();
const webOf = webOn();
const TRAP = 'trap "echo got INT" INT; echo ready; while :; do sleep 1; done';

describe("the agent page's interrupt button", { timeout: 60_000 }, () => {
  it('interrupts the agent: the page says what was pressed; JSON gets the verb answer', async () => {
    const h = await hubs.real({ agents: [{ command: TRAP, name: 'shell' }] });
    const screen = () => readAgent(h.agents.get('1')!).join('\n');
    await until('the shell is ready', () => /ready/.test(screen()), 10000);
    const w = await webOf(h);
    const { cookie, csrf } = await w.login();
    const page = await get(`${w.base}/agents/1`, { cookie });
    expect(page.body).toMatch(
      /<form method="post" action="\/agents\/1\/interrupt">\s*<button>interrupt<\/button>/,
    );

    const pressed = await post(w.base, '/agents/1/interrupt', { authenticity_token: csrf }, { cookie });
    expect(pressed.status).toBe(303);
    expect(pressed.headers.location).toBe('/agents/1?note=interrupted+%28ctrl%2Bc%29');
    await until('the shell got SIGINT', () => /got INT/.test(screen()));
    expect(h.agents.get('1')!.isExited).toBe(false);

    const json = await post(
      w.base,
      '/agents/1/interrupt',
      { authenticity_token: csrf },
      { cookie, accept: 'application/json' },
    );
    expect(JSON.parse(json.body)).toEqual({ ok: true, agent: { id: '1', name: 'shell' }, keys: 'ctrl+c' });
    // Without the session's token: refused, nothing pressed.
    const forged = await post(w.base, '/agents/1/interrupt', {}, { cookie });
    expect(forged.status).toBe(403);
  });
});
