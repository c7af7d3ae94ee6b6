// The agent list by repository, and its state filter (f): what a user with agents in two
// repositories sees, and what one who only wants the agents waiting for them sees.
import { describe, expect, it } from 'vitest';
import { press, startHub, tempHome, tempRepo, until, waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();
const ASKER = `sh -c 'printf "Proceed? (y/n) "; read a; exec cat'`;

describe('the agent list', () => {
  it('groups agents by repository (with the numbers they have in the whole list); f filters by state, the focused one always shows', async () => {
    const a = tempRepo().repo;
    const b = tempRepo().repo;
    const hub = await startHub({
      cols: 120,
      rows: 24,
      home: tempHome(),
      agents: [
        { command: 'cat', name: 'alpha', cwd: a },
        { command: ASKER, name: 'beta', cwd: b },
        { command: 'cat', name: 'gamma', cwd: a },
      ],
    });
    hubs.track(hub);
    await until('repos known', () => hub.appData().agents.every((x) => x.repo));
    expect(hub.appData().agents.map((x) => x.repo)).toEqual([a, b, a]);
    const base = (p: string) => p.split('/').pop()!;
    let frame = await waitForFrame(
      hub,
      new RegExp(
        `▾ ${base(a)} \\(2\\)[\\s\\S]*1 alpha[\\s\\S]*3 gamma[\\s\\S]*▾ ${base(b)} \\(1\\)[\\s\\S]*2 beta`,
      ),
    );
    await until('beta waits', () => hub.state.agentStates['2']?.state === 'waiting', 10000);
    await press(hub, '\x07f'); // waiting
    frame = await waitForFrame(hub, /Agents · waiting/);
    expect(frame).toContain('2 beta');
    expect(frame).toContain('1 alpha'); // focused: it stays
    expect(frame).not.toContain('3 gamma');
    expect(frame).toContain('1 more not waiting');
    await press(hub, 'f'); // running
    frame = await waitForFrame(hub, /Agents · running/);
    expect(frame).toContain('3 gamma');
    expect(frame).not.toContain('2 beta');
    await press(hub, 'f'); // all
    frame = await waitForFrame(hub, /the list shows all agents/);
    for (const x of ['1 alpha', '2 beta', '3 gamma']) expect(frame).toContain(x);
    expect(frame).not.toContain('Agents ·');
  });

  it('agents in one repository: no headings, the list as before', async () => {
    const a = tempRepo().repo;
    const hub = await startHub({
      cols: 100,
      rows: 20,
      home: tempHome(),
      agents: [
        { command: 'cat', name: 'one', cwd: a },
        { command: 'cat', name: 'two', cwd: a },
      ],
    });
    hubs.track(hub);
    await until('repos known', () => hub.appData().agents.every((x) => x.repo));
    const frame = await waitForFrame(hub, /2 two/);
    expect(frame).not.toContain('▾');
  });
});
