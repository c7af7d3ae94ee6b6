import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { sleep, startHub, tempHome } from './helpers.js';

let hub: Hub | null = null;
afterEach(async () => {
  await hub?.dispose();
  hub = null;
});

const CLAUDE_MENU = `printf 'Bash command\\n\\n  rm -rf build\\n\\nDo you want to proceed?\\n\\342\\235\\257 1. Yes\\n  2. No\\n'; sleep 30`;

async function until(what: string, cond: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const statusOf = (h: Hub, name: string) => h.appData().agents.find((a) => a.name === name);

describe('agent status from Lua adapters', () => {
  it('waiting / running / exited, the attention badge, and jumping to the next waiting agent', async () => {
    hub = await startHub({
      home: tempHome(),
      agents: [
        { command: `sh -c 'while :; do echo tick; sleep 0.2; done'`, name: 'ticker' },
        { command: `sh -c "${CLAUDE_MENU}"`, name: 'claude' },
        { command: `sh -c 'sleep 0.3; exit 3'`, name: 'three' },
        { command: `sh -c "printf 'Overwrite config? (y/n) '; sleep 30"`, name: 'asker' },
      ],
    });
    await until('claude waiting', () => statusOf(hub!, 'claude')?.status === 'waiting');
    await until('asker waiting', () => statusOf(hub!, 'asker')?.status === 'waiting');
    expect(statusOf(hub, 'ticker')?.status).toBe('running');
    await until('three exited', () => statusOf(hub!, 'three')?.status === 'exited');
    expect(statusOf(hub, 'three')?.exit_code).toBe(3);
    // not focused and waiting: a badge in the list (App:attention, lua/default/attention.lua)
    await hub.frameNow();
    expect(hub.screen().toText()).toMatch(/claude( › \S+)? ! waiting/);
    expect(hub.screen().toText()).toMatch(/asker( › \S+)? ! waiting/);
    // jump: ctrl+g w focuses the next waiting agent and clears its badge
    hub.input('\x07w');
    await hub.whenIdle();
    expect(hub.focused?.info.name).toBe('claude');
    await hub.frameNow();
    expect(hub.screen().toText()).toMatch(/claude( › \S+)? waiting/);
    hub.input('w');
    await hub.whenIdle();
    expect(hub.focused?.info.name).toBe('asker');
  });

  it('user adapters in user/hooks.lua, and agent_status_changed fires for waiting', async () => {
    hub = await startHub({
      home: tempHome({
        'user/hooks.lua': `
status.adapter({ name = "mine", match = "mytool*", priority = -50, detect = function(lines) if lines[#lines]:find("READY>") then return "waiting" end end })
hooks.on("agent_status_changed", function(ev) if ev.to == "waiting" then log.info("WAITING " .. ev.agent.name) end end)`,
      }),
      agents: [{ command: `sh -c "printf 'READY> '; sleep 30"`, name: 'mytool' }],
    });
    await until('mytool waiting', () => statusOf(hub!, 'mytool')?.status === 'waiting');
    const fs = await import('node:fs');
    const path = await import('node:path');
    await until('the hook ran', () => {
      try {
        return fs.readFileSync(path.join((hub as unknown as { opts: { home: string } }).opts.home, 'logs/hub.log'), 'utf8').includes('WAITING mytool');
      } catch {
        return false;
      }
    });
  });

  it('the bell as the last word means waiting; a shell prompt (OSC 133) means idle; BOTSTER_NOTIFY=osc9 asks the terminal to notify', async () => {
    let written = '';
    process.env.BOTSTER_NOTIFY = 'osc9';
    try {
      hub = await startHub({
        home: tempHome(),
        write: (d) => (written += d),
        agents: [
          { command: 'cat', name: 'front' },
          { command: `sh -c "printf 'building... done\\a'; sleep 30"`, name: 'belled' },
          { command: `sh -c "printf '\\033]133;A\\007$ really? '; sleep 30"`, name: 'prompted' },
        ],
      });
      await until('belled waiting', () => statusOf(hub!, 'belled')?.status === 'waiting');
      await until('prompted idle', () => statusOf(hub!, 'prompted')?.status === 'idle');
      await sleep(300);
      expect(statusOf(hub, 'prompted')?.status).toBe('idle'); // the trailing "?" does not count at a prompt
      // told to every client: what it wants (the notice) and, with BOTSTER_NOTIFY, a desktop notice
      expect(written).toMatch(/\x1b\]9;belled asks: [^\x07]*\x07/);
    } finally {
      delete process.env.BOTSTER_NOTIFY;
    }
  });
});

describe('saving an adapter', () => {
  it('looks at every agent again: a quiet agent is read by the new adapter without printing anything', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const home = tempHome();
    hub = await startHub({ home, agents: [{ command: `sh -c "printf 'deploy ready. go ahead: '; sleep 30"`, name: 'deployer' }] });
    await until('deployer quiet', () => ['idle', 'done'].includes(String(hub!.appData().agents[0].state)));
    await sleep(2000); // past every check the schedule had for its last output
    const file = path.join(home, 'user/hooks.lua');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'status.adapter({ name = "deploy", match = "deployer", detect = function(screen) if screen:find("go ahead:", screen:last(3)) then return "waiting", "deploy?" end end })');
    await hub.config.reload([file]);
    await until('deployer waiting', () => hub!.appData().agents[0].state === 'waiting');
    expect(hub.appData().agents[0].reason).toBe('deploy?');
  });
});
