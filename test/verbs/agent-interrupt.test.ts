import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { tempHome } from '../support/hub.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';
import type { Hub } from '../../src/app/hub.js';
import { readAgent } from '../../src/agents/agent-screen.js';

// The interrupt verb (the newcomer's walk of docs/architecture.md): its CLI's own key for "stop
// this turn", chosen in Lua (lua/default/interrupt.lua reads clis.define's `interrupt`), from the
// command line, the normal-mode key and an agent's own script.

const fleet = fleetHubs();
const TRAP = 'trap "echo got INT" INT; echo ready; while :; do sleep 1; done';

/** A program named `name` (a copy of sh: its process is named so) that says which byte it read first, raw (Escape: 1b). */
function reader(dir: string, name: string): string {
  const file = path.join(dir, name);
  fs.copyFileSync('/bin/sh', file);
  fs.chmodSync(file, 0o755);
  const body =
    'stty raw -echo; echo ready; c=$(dd bs=1 count=1 2>/dev/null | od -An -tx1 | tr -d " "); stty sane; echo "read $c"; exec sleep 60';
  return `${file} -c '${body}'`;
}

const screenOf = (h: Hub, id: string) => {
  const a = h.agents.get(id);
  return a ? readAgent(a).join('\n') : '';
};

describe('botster-tui interrupt AGENT', { timeout: 60_000 }, () => {
  it("presses the agent's CLI's interrupt key: Escape for Claude Code, Ctrl+C for a shell; --keys wins", async () => {
    const bin = tempHome();
    const claude = reader(bin, 'claude');
    const { hub, cli } = await fleet([
      { command: TRAP, name: 'shell' },
      { command: claude, name: 'claude' },
      { command: reader(bin, 'other'), name: 'other' },
    ]);
    for (const id of ['1', '2', '3'])
      await until(`${id} ready`, () => /ready/.test(screenOf(hub, id)), 10000);
    await until('claude is its program', () => hub.agents.get('2')?.info.program === 'claude', 10000);

    const shell = await cli(['interrupt', 'shell', '--json']);
    expect(shell.status).toBe(0);
    expect(JSON.parse(shell.stdout)).toEqual({ ok: true, agent: { id: '1', name: 'shell' }, keys: 'ctrl+c' });
    await until('the shell got SIGINT', () => /got INT/.test(screenOf(hub, '1')));
    expect(hub.agents.get('1')!.isExited).toBe(false);

    const esc = await cli(['interrupt', '2', '--json']);
    expect(JSON.parse(esc.stdout)).toMatchObject({ ok: true, keys: 'escape' });
    await until('claude read Escape', () => /read 1b/.test(screenOf(hub, '2')));

    const asked = await cli(['interrupt', 'other', '--keys', 'ctrl+x', '--json']);
    expect(JSON.parse(asked.stdout)).toMatchObject({ ok: true, keys: 'ctrl+x' });
    await until('other read ctrl+x', () => /read 18/.test(screenOf(hub, '3')));

    // A bad spec is refused before anything is pressed; an agent that exited has nothing to interrupt.
    const bad = await cli(['interrupt', 'shell', '--keys', 'ctrl+nope']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/ctrl\+nope/);
    hub.agents.get('3')!.kill();
    await until('other exited', () => hub.agents.get('3')?.isExited);
    const gone = await cli(['interrupt', 'other', '--json']);
    expect(JSON.parse(gone.stdout)).toMatchObject({ ok: false, reason: 'exited' });
  });

  it('ctrl+c in normal mode interrupts the focused agent; a before_agent_interrupt handler may refuse', async () => {
    const { hub, cli } = await fleet(
      [
        { command: TRAP, name: 'one' },
        { command: 'cat', name: 'build' },
      ],
      {
        'user/hooks.lua':
          'hooks.on("before_agent_interrupt", function(ev) if ev.agent.name == "build" then return false, "let it finish" end end)\n',
      },
    );
    await until('ready', () => /ready/.test(screenOf(hub, '1')), 10000);
    hub.input('\x07'); // normal mode, agent 1 focused
    hub.input('\x03');
    await until('one got SIGINT', () => /got INT/.test(screenOf(hub, '1')));
    await until('said', () => /interrupted one \(ctrl\+c\)/.test(hub.state.notice?.text ?? ''));

    const refused = await cli(['interrupt', 'build', '--json']);
    expect(refused.status).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      ok: false,
      reason: 'refused',
      error: expect.stringMatching(/agent build not interrupted: .*hooks\.lua:1: let it finish/),
    });
  });

  it('an agent interrupts the agents it started, not a sibling you did not let it drive', async () => {
    const { hub, home } = await fleet([{ command: 'cat', name: 'mine' }], {}, { collaborativeWaitMs: 300 });
    const s = script(home, 'sneaky', [
      'botster-tui new --name child -- cat >/dev/null',
      'botster-tui interrupt child',
      'botster-tui interrupt mine',
    ]);
    await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'sneaky' }, { focus: false });
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    expect(said.match(/rc=\d+/g)).toEqual(['rc=0', 'rc=0', 'rc=1']);
    expect(said).toMatch(/may not interrupt agent mine \(id:1\): it did not start it/);
  });
});
