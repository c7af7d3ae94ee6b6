import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';

// The agent list follows the focus past one screen and says how many agents it cuts away above
// and below (24 agents at 80x24 leave the list 16 rows).

const hubs = useHub();

const agents = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ command: `sleep 30 # ${i + 1}`, name: `agent${i + 1}` }));

describe('the agent list past one screen', () => {
  it('follows the focus to the last agent and back, saying how many more are above and below', async () => {
    const t = await hubs.scripted({ cols: 80, rows: 24, agents: agents(24) });
    let frame = await t.frame(/agent1 /);
    expect(frame).toMatch(/↓ \d+ more/);
    expect(frame).not.toMatch(/↑ \d+ more/);
    expect(frame).not.toContain('agent24');

    await t.hub.runCommand('agent.focus', 24);
    await t.settle();
    frame = await t.frame(/24 agent24/);
    expect(frame).toMatch(/↑ \d+ more/);
    expect(frame).not.toMatch(/↓ \d+ more/);
    expect(frame).not.toMatch(/\b1 agent1 /);

    // Moving inside the window leaves it where it is: agent 20 stays on the same row.
    const rowOf = (f: string, name: string) => f.split('\n').findIndex((l) => l.includes(` ${name} `));
    const before = rowOf(frame, 'agent20');
    await t.press('\x07k');
    frame = await t.frame(/23 agent23/);
    expect(rowOf(frame, 'agent20')).toBe(before);

    await t.hub.runCommand('agent.focus', 1);
    await t.settle();
    frame = await t.frame(/1 agent1 /);
    expect(frame).toMatch(/↓ \d+ more/);
    expect(frame).not.toMatch(/↑ \d+ more/);
  });

  it('the notes count the agents they hide: every agent is shown or counted', async () => {
    const t = await hubs.scripted({ cols: 80, rows: 24, agents: agents(24) });
    await t.hub.runCommand('agent.focus', 12);
    await t.settle();
    const frame = await t.frame(/12 agent12/);
    const shown = (frame.match(/● \d+ agent\d+ /g) ?? []).length;
    const above = Number(/↑ (\d+) more/.exec(frame)?.[1] ?? 0);
    const below = Number(/↓ (\d+) more/.exec(frame)?.[1] ?? 0);
    expect(shown + above + below).toBe(24);
  });

  it('lays out the rows it shows, not every agent (issue 97: a long list drew all of them each frame)', async () => {
    const t = await hubs.scripted({ cols: 80, rows: 24, agents: agents(60) });
    await t.hub.runCommand('agent.focus', 40);
    await t.settle();
    const frame = await t.frame(/40 agent40/);
    // Each agent's row drawn is a click target: as many as the rows on the screen, not 60.
    const targets = (t.hub.renderer as unknown as { registry: { targets: Map<unknown, { agent: string }> } })
      .registry.targets;
    expect(targets.size).toBeGreaterThan(3);
    expect(targets.size).toBeLessThanOrEqual(24);
    const shown = (frame.match(/● \d+ agent\d+ /g) ?? []).length;
    const above = Number(/↑ (\d+) more/.exec(frame)?.[1] ?? 0);
    const below = Number(/↓ (\d+) more/.exec(frame)?.[1] ?? 0);
    expect(shown + above + below).toBe(60);
  });

  it('a list that fits has no notes', async () => {
    const t = await hubs.scripted({ cols: 80, rows: 24, agents: agents(5) });
    const frame = await t.frame(/5 agent5/);
    expect(frame).not.toMatch(/[↑↓] \d+ more/);
  });
});
