// lua/default/push.lua in the real configuration runtime: an agent that starts waiting, and a
// pipeline run that ends, ask for app:web_push (content-free, quiet after a key); a user file
// changes the text, the quiet time, or turns a hook off; app:web_push's bad input is an error at
// its line. (Its delivery, end to end: test/web/web-push.test.ts.)
import { describe, expect, it } from 'vitest';
import type { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { fromLua } from '../../src/hub/requests-from-lua.js';
import { appAgent, appData, useLuaRuntime } from '../support/lua-runtime.js';

const runtime = useLuaRuntime();

const pushes = (r: ConfigRuntime, event: string, payload: Record<string, unknown>) =>
  r
    .dispatch(event, payload, null, () => {}, appData())
    .requests.flatMap((q) => q.requests)
    .flatMap((q) => (q.type === 'verb' && q.name === 'web.push' ? [q.args] : []));
const waiting = (id: string) => ({
  agent: { ...appAgent(id), state: 'waiting', reason: 'delete the secret folder?' },
  from: 'running',
  to: 'waiting',
});

describe('push to your phone (the default hooks)', () => {
  it('an agent that starts waiting: its number only, a tap opens its page, quiet for 60 s after a key', async () => {
    const r = await runtime();
    const asked = pushes(r, 'agent_state_changed', waiting('2'));
    expect(asked).toEqual([{ text: 'agent 2 needs you', agent: '2', unless_typed: 60 }]);
    // as the hub reads it: the web.push verb's arguments
    expect(fromLua({ type: 'verb', name: 'web.push', args: asked[0] })).toEqual({
      type: 'verb',
      name: 'web.push',
      args: { text: 'agent 2 needs you', agent: '2', unless_typed: 60 },
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
      { text: 'pipeline run 4 finished', url: '/pipelines', unless_typed: 60 },
    ]);
    expect(pushes(r, 'pipeline_done', { ...done, status: 'failed' })[0]?.text).toBe(
      'pipeline run 4 ended: failed',
    );
  });

  it('an agent switched to another account (accounts:switched): its number only', async () => {
    const r = await runtime();
    expect(pushes(r, 'accounts:switched', { agent: appAgent('2'), from: 'work', to: 'home' })).toEqual([
      { text: 'agent 2 switched accounts', agent: '2', unless_typed: 60 },
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
      { text: 'a1 asks: delete the secret folder?', agent: '1', unless_typed: 0 },
    ]);
    expect(pushes(r, 'pipeline_done', { run: '4', status: 'done' })).toEqual([]);
  });

  it("app:web_push's wrong input is an error at the line that gave it", async () => {
    const r = await runtime(
      'hooks.on("agent_bell", function(ev, app) app:web_push("x", { url = "//elsewhere.example" }) end)\n',
    );
    const run = r.dispatch('agent_bell', { agent: appAgent('1') }, null, () => {}, appData());
    expect(JSON.stringify(run)).toMatch(/hooks\.lua:1: app:web_push: opts\.url must be a path of the hub/);
  });
});
