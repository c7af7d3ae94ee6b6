import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { useHub } from '../support/use-hub.js';
import { until } from '../support/hub.js';

// Lua runs the verbs of the socket's table by name (app:verb): a key bound to one runs it in a real
// hub with a real agent, and the key's Lua gets the verb's typed answer. Who asks is the Lua state
// that asked, judged by the verb's own `may`: a plugin not granted what the verb needs is refused,
// and hears why in its answer.

const hubs = useHub();

/** Every notice the hub shows from now on (a later one may replace it on screen). */
function notices(hub: Hub): string[] {
  const seen: string[] = [];
  hub.hubStore.subscribe((prev, next) => {
    if (next.notice && next.notice !== prev.notice) seen.push(next.notice.text);
  });
  return seen;
}

const said = (seen: string[], re: RegExp) =>
  until(`a notice matching ${re} (saw: ${seen.join(' | ')})`, () => seen.find((t) => re.test(t)), 20000);

const pidOf = (hub: Hub) => hub.agents.get('1')?.info.pid;

// A key of yours: the verb restarts the focused agent, and the answer names its new process.
const USER_KEYS = `
keys.bind("normal", "R", function(app)
  app:verb("restart", { agent = app.focused }, function(answer, app2)
    app2:notify(("ANSWER ok=%s name=%s pid=%s"):format(tostring(answer.ok), answer.agent.name, answer.agent.pid))
  end)
end)
keys.bind("normal", "N", function(app) app:verb("restart", { agent = 9 }) end)
keys.bind("normal", "C", function(app)
  local answer = app:call("restart", { agent = app.focused })
  local missing = app:call("restart", { agent = 9 })
  app:notify(("CALL ok=%s pid=%s then=%s %s"):format(tostring(answer.ok), answer.agent.pid, tostring(missing.ok), missing.reason))
end)
keys.bind("normal", "B", function(app)
  app:verb("restart", { agnet = 1 }, function(answer, app2)
    app2:notify(("BAD ok=%s reason=%s error=%s"):format(tostring(answer.ok), tostring(answer.reason), tostring(answer.error)))
  end)
end)
`;

/** A plugin that binds P to the same verb; `granted` is what the user granted it. */
const plugin = (granted: string[]) => ({
  'plugins/lock.json': JSON.stringify({
    plugins: {
      dev: {
        kind: 'folder',
        source: '/dev',
        version: '0.1.0',
        wants: ['keys', 'spawn'],
        granted,
        enabled: true,
      },
    },
  }),
  'plugins/dev/plugin.json': JSON.stringify({
    name: 'dev',
    version: '0.1.0',
    capabilities: ['keys', 'spawn'],
  }),
  'plugins/dev/init.lua': `
keys.bind("normal", "P", function(app)
  app:verb("restart", { agent = 1 }, function(answer, app2)
    app2:notify(("PLUGIN ok=%s refused=%s pid=%s"):format(tostring(answer.ok), tostring(answer.refused), tostring(answer.agent and answer.agent.pid)))
  end)
end)
`,
});

describe('app:verb: a verb of the table, from a key', () => {
  it('your key runs restart and its function gets the typed answer; a bad argument is told by the verb’s checker', async () => {
    const hub = await hubs.real({ agents: [{ command: 'cat' }], files: { 'user/keys.lua': USER_KEYS } });
    const before = await until('the agent runs', () => pidOf(hub));
    const seen = notices(hub);
    hub.input('\x07R'); // the way out, then R in normal mode
    const answer = await said(seen, /^ANSWER /);
    const pid = Number(/pid=(\d+)/.exec(answer)?.[1]);
    expect(answer).toMatch(/^ANSWER ok=true name=cat pid=\d+$/);
    expect(pid).not.toBe(before);
    expect(pidOf(hub)).toBe(pid);

    hub.input('B');
    expect(await said(seen, /^BAD /)).toBe(
      'BAD ok=false reason=usage error=restart: unknown argument "agnet" (it takes agent, command, args, cwd, env)',
    );
    // app:call waits in the key's function for each answer in turn.
    hub.input('C');
    const call = await said(seen, /^CALL /);
    expect(call).toMatch(/^CALL ok=true pid=\d+ then=false no_agent$/);
    expect(pidOf(hub)).toBe(Number(/pid=(\d+)/.exec(call)?.[1]));
    // No function to hear the answer: a failure is a notice.
    hub.input('N');
    expect(await said(seen, /^app:verb /)).toMatch(
      /^app:verb restart: no agent "9"; the agents: 1 cat \(\w+\)$/,
    );
  });

  it('a plugin not granted spawn is refused restart, in its answer only; granted, it restarts', async () => {
    const refused = await hubs.real({ agents: [{ command: 'cat' }], files: plugin(['keys']) });
    const before = await until('the agent runs', () => pidOf(refused));
    const seen = notices(refused);
    refused.input('\x07P');
    expect(await said(seen, /^PLUGIN /)).toBe(
      'PLUGIN ok=false refused=plugin dev: restart needs the capability "spawn" (start, restart and stop agents), which it was not granted (botster-tui plugin grant dev spawn) pid=nil',
    );
    // Nothing else was said, and the agent is the same process.
    expect(seen.filter((t) => !t.startsWith('PLUGIN '))).toEqual([]);
    expect(pidOf(refused)).toBe(before);

    const granted = await hubs.real({ agents: [{ command: 'cat' }], files: plugin(['keys', 'spawn']) });
    const first = await until('the agent runs', () => pidOf(granted));
    const heard = notices(granted);
    granted.input('\x07P');
    const answer = await said(heard, /^PLUGIN /);
    expect(answer).toMatch(/^PLUGIN ok=true refused=nil pid=\d+$/);
    expect(Number(/pid=(\d+)/.exec(answer)?.[1])).not.toBe(first);
  });
});
