import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { sleep, until } from '../support/hub.js';
import { readAgent } from '../../src/agents/agent-screen.js';
import type { Hub } from '../../src/app/hub.js';

// An agent's request that needs your answer (issue 80 item 4): its terminal says at once what it
// waits for and how long, it waits for your answer however late (the CLI and MCP alike: it used
// to be refused after 8 s while the question stayed open, and a late "allow" delivered nothing),
// and after you refuse, its refusal says you refused it. Real agents run the real CLI and MCP
// client from their own processes, against a hub with the shipped wait (no test bound).

const hubs = fleetHubs();
// `cat` stands for an agent CLI: the hub types a message only into a program that reads prompts
// (prompts.reads: one a CLI file knows), so this home says cat reads them.
const CAT_READS = {
  'user/prompts.lua':
    'local reads = prompts.reads\nfunction prompts.reads(ev) if ev.agent.program == "cat" then return true end return reads(ev) end\n',
};

const screen = (hub: Hub, name: string) => {
  const a = hub.agents.list().find((x) => x.info.name === name);
  return a ? readAgent(a).join('\n') : '';
};
const asked = (hub: Hub, title: RegExp) => hub.state.questions.some((q) => title.test(q.overlay.title));

describe("an agent's request that asks you", () => {
  it('says what it waits for, waits past the old 8 s, and goes once you allow it (message from the CLI, kill from MCP)', async () => {
    const h = await hubs(
      [
        { command: 'cat', name: 'mine' },
        { command: 'cat', name: 'yours' },
      ],
      CAT_READS,
    );
    const client = path.join(import.meta.dirname, '../mcp/agent-mcp-client.mjs');
    const m = script(h.home, 'messenger', ['botster-tui message mine "late, kept"']);
    const k = script(h.home, 'killer', [`node ${client} kill '{"agent":"yours"}'`]);
    await h.hub.lifecycle.spawn({ command: 'sh', args: [m.file], name: 'messenger' }, { focus: false });
    await h.hub.lifecycle.spawn({ command: 'sh', args: [k.file], name: 'killer' }, { focus: false });
    await until(
      'both asked',
      () =>
        asked(h.hub, /messenger \(id 3\) asks to send a message to agent mine/) &&
        asked(h.hub, /killer \(id 4\) asks to stop agent yours/),
      30000,
    );
    await until('its terminal says what it waits for, and for how long', () =>
      /botster-tui message: waiting for you to answer in the hub whether agent 3 may send a message to agent mine \(id:1\) \(agent\.allow_drive lets it, agent\.deny_drive refuses it\): as long as this command waits/.test(
        read(m.out),
      ),
    );
    await sleep(9000); // past the 8 s after which the request used to be refused
    expect(read(m.out)).not.toMatch(/rc=/);
    expect(read(k.out)).not.toMatch(/rc=/);
    // The latest question first, then the other: each a late answer that still counts.
    expect((await h.cli(['run', 'agent.allow_drive'])).status).toBe(0);
    expect((await h.cli(['run', 'agent.allow_drive'])).status).toBe(0);
    await until('the message went', () => read(m.out).includes('done'), 30000);
    expect(read(m.out)).toMatch(/rc=0/);
    await until('typed into mine', () => screen(h.hub, 'mine').includes('late, kept'));
    await until('the kill went', () => read(k.out).includes('done'), 30000);
    const killed = JSON.parse(
      read(k.out)
        .split('\n')
        .find((l) => l.startsWith('{'))!,
    ) as {
      isError?: boolean;
    };
    expect(killed.isError).toBeFalsy();
    await until('yours stopped', () => h.hub.agents.list().find((a) => a.info.name === 'yours')!.isExited);
  }, 90000);

  it('refused by you: this try and the next say "you refused it", the next at once without asking', async () => {
    const h = await hubs([{ command: 'cat', name: 'mine' }]);
    const s = script(h.home, 'stranger', [
      "botster-tui send mine 'nope'",
      "botster-tui send mine 'nope again'",
    ]);
    await h.hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'stranger' }, { focus: false });
    await until('asked', () => asked(h.hub, /stranger \(id 2\) asks to type into agent mine/), 30000);
    await until('it says it waits', () => /botster-tui send: waiting for you to answer/.test(read(s.out)));
    expect((await h.cli(['run', 'agent.deny_drive'])).status).toBe(0);
    const out = await until('both tries answered', () => read(s.out).includes('done') && read(s.out), 30000);
    expect(out.match(/rc=\d+/g)).toEqual(['rc=1', 'rc=1']);
    expect(
      out.match(/agent 2 may not type into agent mine \(id:1\): it did not start it, and you refused it/g),
    ).toHaveLength(2);
    expect(out).not.toMatch(/you have not let it/);
    expect(out.match(/waiting for you to answer/g)).toHaveLength(1); // the second was not asked again
    expect(screen(h.hub, 'mine')).not.toMatch(/nope/);
  }, 60000);
});
