// lua/default/attention.lua (App:attention) in the real configuration runtime: the `!` badge is a
// function of the facts the hub records, and a user file replaces the rule.
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { readConfigFiles } from '../../src/reload/config-files.js';
import type { AppData } from '../../src/hub/self.js';
import type { WidgetNode } from '../../src/tree/types.js';
import { BUILTIN_COMMANDS } from '../../src/commands/builtin-commands.js';
import { tempHome } from '../support/hub.js';

let rt: ConfigRuntime | null = null;
afterEach(() => {
  rt?.dispose();
  rt = null;
});

type Agent = AppData['agents'][number];
const agent = (id: string, facts: Partial<Agent> = {}): Agent => ({
  id,
  name: `a${id}`,
  command: 'cat',
  cwd: '/tmp',
  status: 'idle',
  exit_code: null,
  title: '',
  ...facts,
});
const app = (agents: Agent[], focused = '1'): AppData => ({
  agents,
  focused_id: focused,
  selected: 1,
  mode: 'normal',
  size: { width: 80, height: 24 },
  error: null,
  notice: null,
  shell: '/bin/sh',
});

async function runtime(user: Record<string, string> = {}): Promise<ConfigRuntime> {
  rt = await ConfigRuntime.build(
    readConfigFiles({ home: tempHome(user) }),
    () => {},
    {},
    BUILTIN_COMMANDS.map((c) => c.id),
  );
  return rt;
}

function badges(tree: WidgetNode): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  const walk = (n: WidgetNode) => {
    if (n.type === 'agent_list') for (const a of n.agents) out[a.id] = a.attention === true;
    if ('children' in n) n.children.forEach(walk);
  };
  walk(tree);
  return out;
}

describe('App:attention (the default rule)', () => {
  it('a bell or waiting since the focus last left the agent; never the focused agent', async () => {
    const r = await runtime();
    const agents = [
      agent('1', { bell_at: 50 }), // focused: never
      agent('2', { bell_at: 50 }), // never looked at: yes
      agent('3', { bell_at: 50, seen_at: 60 }), // rang while you were on it: no
      agent('4', { bell_at: 70, seen_at: 60 }), // rang after you left: yes
      agent('5', { status: 'waiting', waiting_since: 80, seen_at: 60 }), // started waiting after you left: yes
      agent('6', { status: 'waiting', waiting_since: 40, seen_at: 60 }), // was waiting when you left: no
      agent('7'), // nothing happened: no
      agent('8', { bell_at: 50, watched: true }), // focused in another client: no
    ];
    expect(badges(r.render(app(agents)))).toEqual({
      '1': false,
      '2': true,
      '3': false,
      '4': true,
      '5': true,
      '6': false,
      '7': false,
      '8': false,
    });
  });

  it('commands see the same attention as the layout (self and app are one)', async () => {
    const r = await runtime({
      'user/hooks.lua':
        'commands.register("t.who", function(app) for _, a in ipairs(app.agents) do if a.attention then app:notify(a.name) end end end)',
    });
    expect(r.runCommand('t.who', app([agent('1'), agent('2', { bell_at: 5 })]))).toEqual([
      { type: 'notify', text: 'a2', level: 'info' },
    ]);
  });
});

describe('a user rule', () => {
  it('replaces the default: here only agents that failed need you', async () => {
    const r = await runtime({
      'user/hooks.lua':
        'function App:attention(agent) return agent.status == "exited" and agent.exit_code ~= 0 end',
    });
    const tree = r.render(
      app([agent('1'), agent('2', { bell_at: 5 }), agent('3', { status: 'exited', exit_code: 2 })]),
    );
    expect(badges(tree)).toEqual({ '1': false, '2': false, '3': true });
  });

  it('an error in it is a render error at its line', async () => {
    const r = await runtime({ 'user/hooks.lua': '\nfunction App:attention(agent) return agent.nope.x end' });
    expect(() => r.render(app([agent('1')]))).toThrow(/user\/hooks\.lua:2: .*nope/);
  });
});
