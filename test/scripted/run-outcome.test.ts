import { describe, expect, it } from 'vitest';
import { runCommandOp } from '../../src/verbs/run.js';
import { BUILTIN_SOURCE } from '../../src/commands/builtin-commands.js';
import type { Principal } from '../../src/hub/principal.js';
import { useHub } from '../support/use-hub.js';
import type { ScriptedHub } from '../support/scripted-hub.js';

// `run` answers what the command it ran came to, from that command's own call chain: an error
// another source says meanwhile (here a hook of an agent's title) is on screen, but it is not the
// run's. The slow command waits for the test's word, so the other error comes while it runs.

const hubs = useHub();

const CONFIG = `
hooks.on("agent_title_changed", function(ev, app) app:notify("unrelated: " .. ev.title, "error") end)
commands.register("t.lua_slow", function(app) app:run("t.slow", "ok") end)
commands.register("t.lua_fail", function(app) error("mine broke") end)
`;

type Outcome = { ok: unknown } | { error: Error & { fields?: Record<string, unknown> } };

async function setup() {
  const t = await hubs.scripted({
    files: { 'user/run.lua': CONFIG },
    agents: [{ command: 'cat', name: 'one' }],
  });
  let go: () => void = () => {};
  let started = false;
  let said = 0;
  // A slow command: it waits for the test's word, then does what its argument says.
  t.hub.commands.register(
    { id: 't.slow', description: 'waits, then ends as told', category: 'test', source: BUILTIN_SOURCE },
    async (ctx, arg, depth = 0, improvement, by) => {
      started = true;
      await new Promise<void>((r) => (go = r));
      if (arg === 'throw') throw new Error('mine broke');
      if (arg === 'say') ctx.notify('mine said no');
      if (arg === 'ask')
        await ctx.runner.runCommand(
          'agent.allow_drive',
          undefined,
          'test',
          depth + 1,
          undefined,
          improvement,
          by,
        );
    },
  );
  /** Runs `command`, has another source say an error while it waits, then lets it end. */
  const noisy = async (command: string, arg?: string, principal?: Principal): Promise<Outcome> => {
    started = false;
    let outcome: Outcome | undefined;
    runCommandOp(t.hub.control, { op: 'run', command, ...(arg ? { arg } : {}) }, principal).then(
      (ok) => (outcome = { ok }),
      (error) => (outcome = { error }),
    );
    await t.until(() => started, 'the command waiting');
    const title = `${command} ${++said}`;
    t.agent('one').printRaw(`\x1b]0;${title}\x07`);
    await t.until(() => t.hub.state.notice?.text === `unrelated: ${title}`, 'the unrelated error');
    expect(outcome).toBeUndefined(); // (still running)
    go();
    await t.until(() => outcome !== undefined, "the run's answer");
    return outcome!;
  };
  return { t, noisy };
}

describe("run answers its own command's outcome, not every error said meanwhile", () => {
  it("an error another source says while the command runs is not the run's failure", async () => {
    const { noisy } = await setup();
    expect(await noisy('t.slow')).toEqual({ ok: { command: 't.slow', chosen: [], notice: null } });
    // Through Lua too: a Lua command whose app:run runs the slow one.
    expect(await noisy('t.lua_slow')).toEqual({ ok: { command: 't.lua_slow', chosen: [], notice: null } });
  });

  it("the command's own error still fails it (thrown, or said as an error), and only its own", async () => {
    const { t, noisy } = await setup();
    const thrown = await noisy('t.slow', 'throw');
    expect(thrown).toMatchObject({ error: { message: 'cli: mine broke', fields: { reason: 'failed' } } });
    const said = await noisy('t.slow', 'say');
    expect(said).toMatchObject({ error: { message: 'mine said no', fields: { reason: 'failed' } } });
    await expect(runCommandOp(t.hub.control, { op: 'run', command: 't.lua_fail' })).rejects.toMatchObject({
      message: expect.stringMatching(/run\.lua:\d+: mine broke/),
      fields: { reason: 'failed' },
    });
  });

  it("an agent's run: what its command asks for that the agent may not is a refusal, the other error is not in it", async () => {
    const { t, noisy } = await setup();
    const one = t.hub.agents.list()[0];
    const out = await noisy('t.slow', 'ask', { kind: 'agent', id: one.id });
    expect(out).toMatchObject({
      error: {
        // (the verb agent.allow_drive, as its command names it)
        message: `agent.allow_drive: agent ${one.id} cannot answer for agents: only you can`,
        fields: { reason: 'refused' },
      },
    });
  });
});
