import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import type { Script } from '../support/scripted-pty.js';

// Closing exited agents and settings.close_on_clean_exit, on scripted terminals and the hub's own
// time (the signal a real process gets from another stays in test/app/agent-states.test.ts).

const hubs = useHub();
const exits =
  (code: number, signal: number | null = null): Script =>
  (pty) =>
    pty.exit(code, signal);

describe('agent states: closing what exited', () => {
  it('X closes an exited agent, x on an exited agent closes it too; a running one is not closed', async () => {
    const t = await hubs.scripted({
      agents: [
        { command: 'four', name: 'four' },
        { command: 'five', name: 'five' },
        { command: 'cat', name: 'alive' },
      ],
      scripts: { four: exits(4), five: exits(5) },
    });
    await t.frame(/four exited 4[\s\S]*five exited 5/);
    await t.press('\x07'); // normal mode; agent 1 (four) is focused
    await t.press('X');
    await t.frame(/^(?![\s\S]*four)[\s\S]*2 five exited 5/);
    expect(t.hub.agents.list().map((a) => a.info.name)).toEqual(['five', 'alive']);
    await t.press('x'); // five (focused now) already exited: x closes it
    await t.frame(/^(?![\s\S]*five)[\s\S]*3 alive (running|idle)/);
    await t.press('X'); // alive is running: stays, and says how to stop it
    await t.frame(/agent\.close: agent alive \(id:3\) is running: stop it first \(x in the hub/);
    expect(t.hub.agents.list().map((a) => a.info.name)).toEqual(['alive']);
  });

  it('agent.close takes an agent number from the palette or Lua', async () => {
    const t = await hubs.scripted({
      agents: [
        { command: 'cat', name: 'alive' },
        { command: 'two', name: 'two' },
      ],
      scripts: { two: exits(2) },
    });
    await t.frame(/two exited 2/);
    await t.hub.runCommand('agent.close', 2);
    await t.frame(/^(?![\s\S]*two exited)[\s\S]*alive (running|idle)/);
    expect(t.hub.agents.list()).toHaveLength(1);
  });

  it('settings.close_on_clean_exit closes agents that exit 0 by themselves; failures and signals stay', async () => {
    const t = await hubs.scripted({
      files: { 'user/keybindings.lua': 'settings.close_on_clean_exit = true\n' },
      agents: [
        { command: 'clean', name: 'clean' },
        { command: 'failed', name: 'failed' },
        { command: 'termed', name: 'termed' },
        { command: 'cat', name: 'alive' },
      ],
    });
    t.agent('clean').exit(0);
    t.agent('failed').exit(3);
    t.agent('termed').exit(0, 15);
    await t.frame(
      /^(?![\s\S]*clean)[\s\S]*failed exited 3[\s\S]*termed[^\n]* killed \(SIGTERM\)[\s\S]*alive (running|idle)/,
    );
    expect(t.hub.agents.list().find((a) => a.info.name === 'termed')?.info.signal).toBe(15);
    expect(t.hub.agents.list().map((a) => a.info.name)).toEqual(['failed', 'termed', 'alive']);
    expect(t.hub.state.configError).toBeNull();
  });

  it('a bad setting is an error at its line and the hub keeps the last good configuration', async () => {
    const t = await hubs.scripted({
      files: { 'user/keybindings.lua': 'settings.close_on_clean_exit = true\n' },
      agents: [{ command: 'cat' }],
    });
    expect(t.hub.config.settings.close_on_clean_exit).toBe(true);
    for (const [src, message] of [
      [
        '\nsettings.close_on_clean_exit = "yes"\n',
        /user\/keybindings\.lua:2: settings\.close_on_clean_exit must be true or false, got string/,
      ],
      [
        'settings.close_on_clean_exti = true\n',
        /user\/keybindings\.lua:1: unknown setting "close_on_clean_exti" \(settings: account_switch_at, agents_drive_others, close_on_clean_exit, keeper_ring_kb, machines, mcp, notify, on_quit, pending_cases, plugin_indexes, plugins, resume_at_reset, review_busy, sandbox, way_out, worktree_finish, worktree_prune\)/,
      ],
    ] as const) {
      await t.save('user/keybindings.lua', src);
      // a file with an error a moment after its write is looked at again once it is still
      await t.until(() => message.test(t.hub.state.configError ?? ''), `the error ${message}`);
      expect(t.hub.state.configError).toMatch(message);
      expect(t.hub.config.settings.close_on_clean_exit).toBe(true);
    }
  });
});
