import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb } from '../support/verb-hubs.js';
import type { WebPushRequest } from '../../src/hub/requests.js';
import { until } from '../support/wait.js';

// web.push: a push to the web sessions' phones, through the web's pusher while it listens (here
// the test's own, where server/web-control.ts adds the web's); held when a key was typed lately;
// yours alone. The shipped policy asking for it: test/lua-defaults/push.test.ts; delivered end to
// end: test/web/web-push.test.ts.

const hubs = useHub();

describe('web.push', { timeout: 60_000 }, () => {
  it('goes to the web when it listens; none while it is off, nor after a key lately', async () => {
    const hub = await hubs.real({ agents: [{ command: 'cat' }] });
    expect(await askVerb(hub, 'web.push', { text: 'agent 1 needs you', agent: '1' })).toEqual({
      ok: true,
      pushed: 'off',
    });
    const sent: WebPushRequest[] = [];
    hub.webPushes.add((m) => sent.push(m));
    expect(
      await askVerb(hub, 'web.push', { text: 'agent 1 needs you', agent: '1', unless_typed: 60 }),
    ).toEqual({
      ok: true,
      pushed: 'sent',
    });
    expect(sent).toEqual([{ text: 'agent 1 needs you', agent: '1', quietMs: 60_000 }]);
    hub.webPushes.typed();
    expect(await askVerb(hub, 'web.push', { text: 'again', unless_typed: 60 })).toEqual({
      ok: true,
      pushed: 'typing',
    });
    expect(await askVerb(hub, 'web.push', { text: 'x', url: '//elsewhere' })).toMatchObject({
      ok: false,
      reason: 'usage',
    });
    for (const who of [
      { kind: 'improvement', name: 'i' },
      { kind: 'plugin', name: 'p' },
      { kind: 'agent', id: '1' },
    ] as const)
      expect(await askVerb(hub, 'web.push', { text: 'page you' }, who, ['send', 'spawn'])).toMatchObject({
        ok: false,
        reason: 'refused',
      });
    expect(sent).toHaveLength(1);
  });

  it("app:web_push, the shipped policy's call, asks for it", async () => {
    const hub = await hubs.real({
      files: {
        'user/hooks.lua':
          'commands.register("t.push", function(app) app:web_push("hello", { url = "/pipelines" }) end, { desc = "push" })',
      },
    });
    const sent: WebPushRequest[] = [];
    hub.webPushes.add((m) => sent.push(m));
    await hub.runCommand('t.push');
    await until('it was pushed', () => sent.length === 1);
    expect(sent).toEqual([{ text: 'hello', url: '/pipelines' }]);
  });
});
