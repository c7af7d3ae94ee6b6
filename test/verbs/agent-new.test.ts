import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';
import type { Hub } from '../../src/app/hub.js';
import { readAgent } from '../../src/agents/agent-screen.js';

// The new verb (`botster-tui new -- CMD`): an agent started in the running hub, where asked, and
// listed; a name taken is refused. An agent that starts one leads it.

const fleet = fleetHubs();
const screenOf = (h: Hub, id: string) => {
  const a = h.agents.get(id);
  return a ? readAgent(a).join('\n') : '';
};

describe('botster-tui new', { timeout: 60_000 }, () => {
  it('starts the command in the folder asked, listed with its number; a name taken is refused', async () => {
    const { hub, home, cli } = await fleet([{ command: 'cat', name: 'one' }]);
    const dir = path.join(home, 'work');
    fs.mkdirSync(dir);
    const r = await cli([
      'new',
      '--name',
      'two',
      '--cwd',
      dir,
      '--no-focus',
      '--json',
      '--',
      'sh',
      '-c',
      'pwd; exec cat',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const { agent } = JSON.parse(r.stdout) as {
      agent: { id: string; number: number; name: string; cwd: string };
    };
    const made = hub.agents.get(agent.id)!;
    expect(made.info.name).toBe('two');
    expect(agent).toMatchObject({ number: Number(agent.id), name: 'two', cwd: dir });
    await until('it runs in the folder', () => screenOf(hub, agent.id).includes(dir));
    expect(hub.agents.list().map((a) => a.info.name)).toEqual(['one', 'two']);

    const taken = await cli(['new', '--name', 'one', '--', 'cat']);
    expect(taken.status).not.toBe(0);
    expect(taken.stderr).toMatch(/not started: .*one/);
    expect(hub.agents.list()).toHaveLength(2);
  });

  it('an agent may start one: it is its lead', async () => {
    const { hub, home, cli } = await fleet();
    const s = script(home, 'lead', ['botster-tui new --name child -- cat']);
    const lead = await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'lead' }, { focus: false });
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    expect(said).toMatch(/rc=0/);
    const rows = JSON.parse((await cli(['agents', '--json'])).stdout) as Array<{
      name: string;
      lead?: string;
    }>;
    expect(rows.find((a) => a.name === 'child')).toMatchObject({ lead: lead!.id });
  });
});
