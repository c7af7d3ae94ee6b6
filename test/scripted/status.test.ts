import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import type { ScriptedHub } from '../support/scripted-hub.js';
import type { Script } from '../support/scripted-pty.js';
import { useHub } from '../support/use-hub.js';

// What the status adapters make of agents' screens, on the hub's own time: the test prints what
// each program would and moves the clock; the adapters (real Lua) read the screens.

const hubs = useHub();

const CLAUDE_MENU = `sh -c "printf 'Bash command...'; sleep 30"`;
const MENU = 'Bash command\n\n  rm -rf build\n\nDo you want to proceed?\n❯ 1. Yes\n  2. No\n';
const TICKER = `sh -c 'while :; do echo tick; sleep 0.2; done'`;
const THREE = `sh -c 'sleep 0.3; exit 3'`;
const ASKER = `sh -c "printf 'Overwrite config? (y/n) '; sleep 30"`;

// A screen is read once it stood still 300 ms (DetectSchedule); output printed at start may have
// come in a frame or two later than the first.
const SETTLED = 400;

const prints =
  (text: string): Script =>
  (pty) =>
    pty.printRaw(text);

const statusOf = (h: Hub, name: string) => h.appData().agents.find((a) => a.name === name);

/** The ticker prints a line every 200 ms, `n` times. */
async function ticks(t: ScriptedHub, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    t.agent('ticker').print('tick\n');
    await t.advance(200);
  }
}

describe('agent status from Lua adapters', () => {
  it('waiting / running / exited, the attention badge, and jumping to the next waiting agent', async () => {
    const t = await hubs.scripted({
      scripts: { [CLAUDE_MENU]: (pty) => pty.print(MENU), [ASKER]: prints('Overwrite config? (y/n) ') },
      agents: [
        { command: TICKER, name: 'ticker' },
        { command: CLAUDE_MENU, name: 'claude' },
        { command: THREE, name: 'three' },
        { command: ASKER, name: 'asker' },
      ],
    });
    const hub = t.hub;
    await ticks(t, 2);
    t.agent('three').exit(3); // after 0.3 s
    await ticks(t, 2);
    await t.until(() => statusOf(hub, 'claude')?.status === 'waiting', 'claude waiting');
    await t.until(() => statusOf(hub, 'asker')?.status === 'waiting', 'asker waiting');
    expect(statusOf(hub, 'ticker')?.status).toBe('running');
    await t.until(() => statusOf(hub, 'three')?.status === 'exited', 'three exited');
    expect(statusOf(hub, 'three')?.exit_code).toBe(3);
    // not focused and waiting: a badge in the list (App:attention, lua/default/attention.lua)
    await hub.frameNow();
    expect(t.screen()).toMatch(/claude( › \S+)? ! waiting/);
    expect(t.screen()).toMatch(/asker( › \S+)? ! waiting/);
    // jump: ctrl+g w focuses the next waiting agent and clears its badge
    await t.press('\x07w');
    expect(hub.focused?.info.name).toBe('claude');
    await hub.frameNow();
    expect(t.screen()).toMatch(/claude( › \S+)? waiting/);
    await t.press('w');
    expect(hub.focused?.info.name).toBe('asker');
  });

  it('user adapters in user/hooks.lua, and agent_status_changed fires for waiting', async () => {
    const MYTOOL = `sh -c "printf 'READY> '; sleep 30"`;
    const t = await hubs.scripted({
      files: {
        'user/hooks.lua': `
status.adapter({ name = "mine", match = "mytool*", priority = -50, detect = function(lines) if lines[#lines]:find("READY>") then return "waiting" end end })
hooks.on("agent_status_changed", function(ev) if ev.to == "waiting" then log.info("WAITING " .. ev.agent.name) end end)`,
      },
      scripts: { [MYTOOL]: prints('READY> ') },
      agents: [{ command: MYTOOL, name: 'mytool' }],
    });
    await t.advance(SETTLED);
    await t.until(() => statusOf(t.hub, 'mytool')?.status === 'waiting', 'mytool waiting');
    await t.until(() => {
      try {
        return fs.readFileSync(path.join(t.hub.opts.home, 'logs/hub.log'), 'utf8').includes('WAITING mytool');
      } catch {
        return false;
      }
    }, 'the hook to run');
  });

  it('the bell as the last word means waiting; a shell prompt (OSC 133) means idle; BOTSTER_NOTIFY=osc9 asks the terminal to notify', async () => {
    const BELLED = `sh -c "printf 'building... done\\a'; sleep 30"`;
    const PROMPTED = `sh -c "printf '\\033]133;A\\007$ really? '; sleep 30"`;
    let written = '';
    process.env.BOTSTER_NOTIFY = 'osc9';
    try {
      const t = await hubs.scripted({
        write: (d) => (written += d),
        scripts: { [BELLED]: prints('building... done\x07'), [PROMPTED]: prints('\x1b]133;A\x07$ really? ') },
        agents: [
          { command: 'cat', name: 'front' },
          { command: BELLED, name: 'belled' },
          { command: PROMPTED, name: 'prompted' },
        ],
      });
      await t.advance(SETTLED);
      await t.until(() => statusOf(t.hub, 'belled')?.status === 'waiting', 'belled waiting');
      await t.until(() => statusOf(t.hub, 'prompted')?.status === 'idle', 'prompted idle');
      await t.advance(300);
      expect(statusOf(t.hub, 'prompted')?.status).toBe('idle'); // the trailing "?" does not count at a prompt
      // told to every client: what it wants (the notice) and, with BOTSTER_NOTIFY, a desktop notice
      expect(written).toMatch(/\x1b\]9;agent belled \(id \d+\) asks: "[^\x07]*"\x07/);
    } finally {
      delete process.env.BOTSTER_NOTIFY;
    }
  });
});

describe('saving an adapter', () => {
  it('looks at every agent again: a quiet agent is read by the new adapter without printing anything', async () => {
    const DEPLOYER = `sh -c "printf 'deploy ready. go ahead: '; sleep 30"`;
    const t = await hubs.scripted({
      scripts: { [DEPLOYER]: prints('deploy ready. go ahead: ') },
      agents: [{ command: DEPLOYER, name: 'deployer' }],
    });
    await t.frame(/go ahead:/); // printed; from here it is quiet
    await t.advance(1600); // past the 1.5 s of quiet that make it idle
    await t.until(() => ['idle', 'done'].includes(String(t.hub.appData().agents[0].state)), 'deployer quiet');
    await t.advance(2000); // past every check the schedule had for its last output
    await t.save(
      'user/hooks.lua',
      'status.adapter({ name = "deploy", match = "deployer", detect = function(screen) if screen:find("go ahead:", screen:last(3)) then return "waiting", "deploy?" end end })',
    );
    await t.advance(SETTLED); // the reload looks again once the screen had time to settle
    await t.until(() => t.hub.appData().agents[0].state === 'waiting', 'deployer waiting');
    expect(t.hub.appData().agents[0].reason).toBe('deploy?');
  });
});
