import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/hub.js';
import type { Hub } from '../../src/app/hub.js';
import { WITHHELD } from '../../src/hub/readable-state.js';

// An agent's frame is made only of what it may read: its `snapshot --live` is drawn from the hub's
// state without what the agents it may not read say (frame/reader-frame.ts), so your search
// overlay's hits on their screens and the notice that quotes their question are not in it.

const hubs = fleetHubs();

const agentNamed = (hub: Hub, name: string) => hub.agents.list().find((a) => a.info.name === name)!;

describe("an agent's frame", () => {
  it('holds neither your search hits on an agent it may not read nor the notice quoting its question', async () => {
    const h = await hubs(
      [
        { command: 'cat', name: 'other' },
        { command: 'cat', name: 'victim' },
      ],
      {},
      { collaborativeWaitMs: 300 },
    );
    const victim = agentNamed(h.hub, 'victim');
    victim.write('SECRET-ONE\r');
    await until('cat echoed', () => victim.terminal.rowText(0).includes('SECRET-ONE'));
    // You search every agent (S in normal mode) from your own process: the hits list stays open.
    const typed = await h.cli(['snapshot', '--live', '--keys', 'ctrl+g S S E C R E T enter']);
    expect(typed.status).toBe(0);
    await until('the hits are listed', () => {
      const o = h.hub.state.client.overlay;
      return o?.kind === 'palette' && /hits for/.test(o.title);
    });
    // The victim asks a question no client shows: the notice quotes it.
    h.hub.hubStore.dispatch({
      type: 'agent_state',
      id: victim.id,
      verdict: { state: 'waiting', reason: 'Deploy with token=SECRET-TWO? (y/n)', source: 'report' },
      shown: false,
    });
    await until('the notice quotes it', () => h.hub.state.notice?.text.includes('SECRET-TWO'));

    const s = script(h.home, 'spy', ['botster-tui snapshot --live']);
    await h.hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'spy' }, { focus: false });
    const out = await until('the script ran', () => read(s.out).includes('done') && read(s.out), 30000);
    expect(out).toContain('rc=0');
    // The hub's frame, the dialog's box and the message line there, saying why they are empty.
    expect(out).toContain('Botster Hub');
    expect(out).toContain('victim');
    expect(out).toContain(WITHHELD);
    expect(out).not.toContain('SECRET-ONE');
    expect(out).not.toContain('SECRET-TWO');
    expect(out).not.toContain('token=');

    // The same frame, taken by you from outside any agent, shows both.
    const yours = await h.cli(['snapshot', '--live']);
    expect(yours.stdout).toContain('SECRET-ONE');
    expect(yours.stdout).toMatch(/agent victim \(id \d+\) asks: "Deploy with token=SECRET-TWO/);
    expect(yours.stdout).not.toContain(WITHHELD);
  }, 60000);
  it('holds no notice a command said with what a hook quoting that agent gave it (app:run)', async () => {
    // Your settings.notify runs your command with the notice's text: what it says quotes the agent too.
    const hooks = [
      'settings.notify = { "my.tell" }',
      'commands.register("my.tell", function(app, arg) app:notify("told: " .. arg.text) end, { desc = "tell" })',
    ].join('\n');
    const h = await hubs(
      [
        { command: 'cat', name: 'other' },
        { command: 'cat', name: 'victim' },
      ],
      { 'user/hooks.lua': hooks },
      { collaborativeWaitMs: 300 },
    );
    const victim = agentNamed(h.hub, 'victim');
    h.hub.hubStore.dispatch({
      type: 'agent_state',
      id: victim.id,
      verdict: { state: 'waiting', reason: 'Deploy with token=SECRET-TWO? (y/n)', source: 'report' },
      shown: false,
    });
    await until('your command said it', () =>
      /^told: agent victim \(id \d+\) asks/.test(h.hub.state.notice?.text ?? ''),
    );
    const s = script(h.home, 'spy', ['botster-tui snapshot --live']);
    await h.hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'spy' }, { focus: false });
    const out = await until('the script ran', () => read(s.out).includes('done') && read(s.out), 30000);
    expect(out).toContain('rc=0');
    expect(out).toContain(WITHHELD);
    expect(out).not.toContain('SECRET-TWO');
    const yours = await h.cli(['snapshot', '--live']);
    expect(yours.stdout).toMatch(/told: agent victim \(id \d+\) asks: "Deploy with token=SECRET-TWO/);
  }, 60000);
  it("holds no dialog of yours that quotes the agent's question (app:select's about)", async () => {
    const h = await hubs([{ command: 'cat', name: 'victim' }], {}, { collaborativeWaitMs: 300 });
    const victim = agentNamed(h.hub, 'victim');
    h.hub.hubStore.dispatch({
      type: 'agent_state',
      id: victim.id,
      verdict: { state: 'waiting', reason: 'Deploy with token=SECRET-THREE? (y/n)', source: 'report' },
      shown: false,
    });
    // x on the focused agent while it waits asks first, quoting what it waits for.
    expect((await h.cli(['snapshot', '--live', '--keys', 'ctrl+g x'])).status).toBe(0);
    await until('the question is open', () => {
      const o = h.hub.state.client.overlay;
      return o?.kind === 'palette' && o.title.includes('SECRET-THREE');
    });
    const s = script(h.home, 'spy', ['botster-tui snapshot --live']);
    await h.hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'spy' }, { focus: false });
    const out = await until('the script ran', () => read(s.out).includes('done') && read(s.out), 30000);
    expect(out).toContain('rc=0');
    expect(out).toContain(WITHHELD);
    expect(out).not.toContain('SECRET-THREE');
    expect((await h.cli(['snapshot', '--live'])).stdout).toContain('SECRET-THREE');
  }, 60000);
});
