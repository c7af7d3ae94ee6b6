// lua/default/push.lua in the real configuration runtime: an agent that starts waiting, and a
// pipeline run that ends, ask for app:web_push (content-free, quiet after a key); a user file
// changes the text, the quiet time, or turns a hook off; app:web_push's bad input is an error at
// its line. (Its delivery, end to end: test/web/web-push.test.ts.)
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { readConfigFiles } from '../../src/reload/config-files.js';
import type { AppData } from '../../src/hub/self.js';
import { BUILTIN_COMMANDS } from '../../src/commands/builtin-commands.js';
import { fromLua } from '../../src/hub/requests-from-lua.js';
import { tempHome } from '../app/helpers.js';

let rt: ConfigRuntime | null = null;
afterEach(() => {
  rt?.dispose();
  rt = null;
});

const agent = (id: string) => ({
  id,
  name: `a${id}`,
  command: 'cat',
  cwd: '/tmp',
  status: 'idle',
  exit_code: null,
  title: '',
});
const app = (): AppData => ({
  agents: [agent('1'), agent('2')],
  focused_id: '1',
  selected: 1,
  mode: 'insert',
  size: { width: 80, height: 24 },
  error: null,
  notice: null,
  shell: '/bin/sh',
});

async function runtime(user = ''): Promise<ConfigRuntime> {
  rt = await ConfigRuntime.build(
    readConfigFiles({ home: tempHome(user ? { 'user/hooks.lua': user } : {}) }),
    () => {},
    {},
    BUILTIN_COMMANDS.map((c) => c.id),
  );
  return rt;
}

const pushes = (r: ConfigRuntime, event: string, payload: Record<string, unknown>) =>
  r
    .dispatch(event, payload, null, () => {}, app())
    .requests.flatMap((q) => q.requests)
    .filter((q) => q.type === 'web_push');
const waiting = (id: string) => ({
  agent: { ...agent(id), state: 'waiting', reason: 'delete the secret folder?' },
  from: 'running',
  to: 'waiting',
});

describe('push to your phone (the default hooks)', () => {
  it('an agent that starts waiting: its number only, a tap opens its page, quiet for 60 s after a key', async () => {
    const r = await runtime();
    const asked = pushes(r, 'agent_state_changed', waiting('2'));
    expect(asked).toEqual([{ type: 'web_push', text: 'agent 2 needs you', agent: '2', unless_typed: 60 }]);
    // as the hub reads it
    expect(fromLua(asked[0])).toEqual({
      type: 'web_push',
      text: 'agent 2 needs you',
      agent: '2',
      quietMs: 60_000,
    });
    // (running again, or done: no push)
    expect(pushes(r, 'agent_state_changed', { ...waiting('2'), to: 'running' })).toEqual([]);
  });

  it('a pipeline run that ends: its run and how, a tap opens /pipelines', async () => {
    const r = await runtime();
    const done = {
      run: '4',
      pipeline: 'fix',
      status: 'done',
      reason: null,
      result: null,
      chosen: null,
      duration_ms: 5,
    };
    expect(pushes(r, 'pipeline_done', done)).toEqual([
      { type: 'web_push', text: 'pipeline run 4 finished', url: '/pipelines', unless_typed: 60 },
    ]);
    expect(pushes(r, 'pipeline_done', { ...done, status: 'failed' })[0].text).toBe(
      'pipeline run 4 ended: failed',
    );
  });

  it('an agent switched to another account (accounts:switched): its number only', async () => {
    const r = await runtime();
    expect(pushes(r, 'accounts:switched', { agent: agent('2'), from: 'work', to: 'home' })).toEqual([
      { type: 'web_push', text: 'agent 2 switched accounts', agent: '2', unless_typed: 60 },
    ]);
  });

  it('your file changes the text and the quiet time, or turns a hook off', async () => {
    const r = await runtime(
      [
        'push.unless_typed = 0',
        'function push.message(agent, what, app) return agent.name .. " asks: " .. agent.reason end',
        'hooks.off(push.hooks.pipeline)',
      ].join('\n'),
    );
    expect(pushes(r, 'agent_state_changed', waiting('1'))).toEqual([
      { type: 'web_push', text: 'a1 asks: delete the secret folder?', agent: '1', unless_typed: 0 },
    ]);
    expect(pushes(r, 'pipeline_done', { run: '4', status: 'done' })).toEqual([]);
  });

  it("app:web_push's wrong input is an error at the line that gave it", async () => {
    const r = await runtime(
      'hooks.on("agent_bell", function(ev, app) app:web_push("x", { url = "//elsewhere.example" }) end)\n',
    );
    const run = r.dispatch('agent_bell', { agent: agent('1') }, null, () => {}, app());
    expect(JSON.stringify(run)).toMatch(/hooks\.lua:1: app:web_push: opts\.url must be a path of the hub/);
  });
});
