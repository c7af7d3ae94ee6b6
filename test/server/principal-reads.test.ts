import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/hub.js';
import type { Hub } from '../../src/app/hub.js';

// What an agent sees is what it may read: the kernel tells the agent's own processes (a script in
// a real agent of a real hub), and the hub shows them no more of your agents than `read` would.

const hubs = fleetHubs();

const agentNamed = (hub: Hub, name: string) => hub.agents.list().find((a) => a.info.name === name)!;

describe('an agent sees only what it may read', () => {
  it("snapshot --live blanks your agent's panel, agents/status/wait withhold its question line; its own child it sees", async () => {
    const h = await hubs([{ command: 'cat', name: 'mine' }], {}, { collaborativeWaitMs: 300 });
    const mine = agentNamed(h.hub, 'mine');
    mine.write('SECRET-LINE\r');
    await until('cat echoed', () => h.hub.screen().toText().includes('SECRET-LINE'));
    h.hub.hubStore.dispatch({
      type: 'agent_state',
      id: mine.id,
      verdict: { state: 'waiting', reason: 'Allow rm -rf SECRET-Q?', source: 'report' },
      shown: false,
    });
    const s = script(h.home, 'spy', [
      'env -u BOTSTER_AGENT_ID botster-tui snapshot --live',
      'botster-tui agents --json',
      'botster-tui status mine --json',
      'botster-tui wait mine --until waiting --json',
      "botster-tui new --name kid -- sh -c 'echo KID-$((6*7)); exec cat' >/dev/null",
      'botster-tui wait kid --until output:KID-42 >/dev/null',
      'botster-tui snapshot --live',
    ]);
    await h.hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'spy' }, { focus: false });
    const out = await until('the script ran', () => read(s.out).includes('done') && read(s.out), 30000);
    // The hub's frame, but mine's panel blank (it is the focused one: the whole terminal panel).
    expect(out).toContain('Botster Hub');
    expect(out).toContain('(not yours to read)');
    expect(out).not.toContain('SECRET-LINE');
    // Its state is said (waiting, as `agents` shows it), never the question line.
    expect(out).not.toContain('SECRET-Q');
    expect(out).toMatch(/"state":\s?"waiting"/);
    expect(out).toMatch(/"withheld":\s?"what its screen says/);
    expect(out.match(/rc=(\d+)/g)).toEqual(['rc=0', 'rc=0', 'rc=0', 'rc=0', 'rc=0', 'rc=0', 'rc=0']);
    // Its own child (focused now) it reads in the frame.
    expect(out).toMatch(/KID-42/);
    // You see all of it, from your own process.
    const yours = await h.cli(['agents', '--json']);
    expect(yours.stdout).toContain('SECRET-Q');
    expect((await h.cli(['focus', 'mine'])).status).toBe(0);
    const frame = await h.cli(['snapshot', '--live']);
    expect(frame.stdout).toContain('SECRET-LINE');
  }, 60000);

  it('focus: an agent moves the view only to what it may drive, and never while you type in it', async () => {
    const h = await hubs([{ command: 'cat', name: 'mine' }], {}, { collaborativeWaitMs: 300 });
    const go = path.join(h.home, 'go');
    const s = script(h.home, 'mover', [
      'botster-tui new --name child -- cat',
      'env -u BOTSTER_AGENT_ID botster-tui focus child',
      `wait ${go}`,
      'botster-tui focus child',
      'botster-tui focus mine',
    ]);
    h.hub.clients.attach('you', 100, 30);
    await h.hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'mover' }, { focus: false });
    await until(
      'the first focus answered',
      () => (read(s.out).match(/rc=/g) ?? []).length >= 2 && read(s.out),
      30000,
    );
    // You are in insert mode on mine: your next keys would go where the agent chose.
    expect(read(s.out)).toMatch(
      /you are typing into agent mine \(insert mode\): agent \d+ does not move that view/,
    );
    expect(h.hub.state.client.focus).toBe(agentNamed(h.hub, 'mine').id);
    // In normal mode it may show its own child, never your agent.
    h.hub.hubStore.dispatch({ type: 'set_mode', mode: 'normal' });
    await until('normal mode', () => h.hub.state.client.mode === 'normal');
    fs.writeFileSync(go, '');
    await until('the script ran', () => read(s.out).includes('done'), 30000);
    expect(read(s.out).match(/rc=(\d+)/g)).toEqual(['rc=0', 'rc=1', 'rc=0', 'rc=1']);
    expect(read(s.out)).toMatch(/may not focus agent mine \(id:1\): it did not start it/);
    expect(h.hub.state.client.focus).toBe(agentNamed(h.hub, 'child').id);
  }, 60000);
});
