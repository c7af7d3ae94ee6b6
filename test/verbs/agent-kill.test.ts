// The kill verb through Lua's door, in a real hub server: a number is an agent's id (with agents
// 7, 8 and 9 left, app:kill(9) stops agent 9 and app:kill(3) names none), app:kill with and
// without a function is the same verb under the same rule for you, a plugin granted `spawn` and
// one that is not, an improvement (it drives only what its agent started), and a key bound to the verb with its arguments stops the focused agent.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { until } from '../support/hub.js';
import { run, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { cli, manifest } from '../support/plugin-source.js';
import { cliSync } from '../support/cli.js';

const { running, dotHome } = stoppedAfterEach();

/** Commands that say app:kill's answer, waited for (`NAME.kill`) and to a function (`NAME.killfn`). */
const killers = (name: string) => `
commands.register("${name}.kill", function(app, n) app:notify("answer " .. json.encode(app:kill(n))) end)
commands.register("${name}.killfn", function(app, n)
  app:kill(n, function(a, app2) app2:notify("answer " .. json.encode(a)) end)
end)
`;

type Agent = { id: string; name: string; status: string };
const agents = (home: string) => JSON.parse(cli(home, ['agents', '--json']).stdout) as Agent[];

/** What command `id` said its answer was (its notice, read from `run --json`). */
async function answerOf(home: string, id: string, n: number): Promise<Record<string, unknown>> {
  const r = cli(home, ['run', id, String(n), '--json']);
  const texts: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') texts.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(JSON.parse(r.stdout || '{}'));
  const said = texts.find((t) => t.startsWith('answer '));
  if (!said) throw new Error(`${id} said no answer: ${r.stdout} ${r.stderr}`);
  return JSON.parse(said.slice('answer '.length)) as Record<string, unknown>;
}

describe('the kill verb from Lua', { timeout: 120_000 }, () => {
  it('a number is an id; with or without a function the same verb, the same rule, the same answer; a key binds the verb', async () => {
    const home = dotHome();
    fs.mkdirSync(path.join(home, 'user'), { recursive: true });
    fs.writeFileSync(
      path.join(home, 'user', 'doors.lua'),
      killers('mine') + 'keys.bind("normal", "K", { verb = "kill", agent = "focused" })\n',
    );
    // Your policy lets improvements go live as pushed (what they may do is then the hub's rule alone).
    fs.writeFileSync(
      path.join(home, 'user', 'policy.lua'),
      'function review(change) return { decision = "autonomous", confidence = 1, reasoning = "mine" } end\n',
    );
    for (const [name, caps] of [
      ['stopper', ['commands', 'spawn']],
      ['looker', ['commands']],
    ] as const) {
      const dir = path.join(path.dirname(home), `${name} plugin`);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'plugin.json'), manifest(name, '1.0.0', [...caps]));
      fs.writeFileSync(path.join(dir, 'init.lua'), killers(name));
      expect(cli(home, ['plugin', 'add', dir, '--grant', 'all']).status).toBe(0);
    }
    const client = run(['--home', home, '--agent', 'cat'], 120, 30);
    running.push(client);
    await waitScreen(client, / INSERT /);
    // (`cli` puts --home last: after `--` it would be cat's argument)
    const start = (name: string) =>
      cliSync(['new', '--home', home, '--name', name, '--', 'cat'], {
        env: { ...process.env, BOTSTER_AGENT_ID: '', BOTSTER_SOCKET: '' },
      }).status;
    for (let i = 2; i <= 9; i++) expect(start(`a${i}`)).toBe(0);
    // Agents 1-6 stopped and closed: the list is 7, 8, 9 (rows 1, 2, 3).
    for (let i = 1; i <= 6; i++) {
      expect(cli(home, ['kill', String(i)]).status).toBe(0);
      await until(
        `agent ${i} exited`,
        () => agents(home).find((a) => a.id === String(i))?.status !== 'running',
      );
      const c = cli(home, ['close', String(i)]);
      expect(c.stderr).toBe('');
    }
    expect(agents(home).map((a) => a.id)).toEqual(['7', '8', '9']);

    // Yours: app:kill(9) stops agent 9 (not the ninth row); app:kill(3) names no agent.
    expect(await answerOf(home, 'mine.kill', 9)).toEqual({ ok: true, agent: { id: '9', name: 'a9' } });
    await until('agent 9 exited', () => agents(home).find((a) => a.id === '9')?.status === 'exited');
    expect(agents(home).find((a) => a.id === '7')?.status).not.toBe('exited');
    const none = await answerOf(home, 'mine.kill', 3);
    expect(none).toMatchObject({ ok: false, reason: 'no_agent' });
    // (its agents list each agent's state_since, read at the time of each answer)
    expect(await answerOf(home, 'mine.killfn', 3)).toMatchObject({
      ok: false,
      reason: 'no_agent',
      error: none.error,
    });
    // One that exited: the verb's answer, with or without a function.
    const exited = await answerOf(home, 'mine.kill', 9);
    expect(exited).toMatchObject({ ok: false, reason: 'exited' });
    expect(await answerOf(home, 'mine.killfn', 9)).toEqual(exited);

    // An improvement (pushed for agent 7) drives only what its agent started: refused the same both
    // ways, agent 8 runs on.
    const ran = (id: string) => JSON.parse(cli(home, ['run', id, '8', '--json']).stdout) as unknown;
    const imp = path.join(path.dirname(home), 'imp.lua');
    fs.writeFileSync(imp, killers('imp'));
    const pushed = cli(home, ['push', imp], { BOTSTER_AGENT_ID: '7' });
    expect(pushed.status, pushed.stdout + pushed.stderr).toBe(0);
    const byImprovement = ran('imp.kill');
    expect(byImprovement).toMatchObject({
      ok: false,
      reason: 'refused',
      refused: expect.stringMatching(/improvement imp may not stop agent a8 \(id:8\): it did not start it/),
    });
    expect(ran('imp.killfn')).toEqual(byImprovement);
    expect(agents(home).find((a) => a.id === '8')?.status).not.toBe('exited');

    // A plugin not granted spawn is refused the same both ways; agent 8 runs on.
    // (a refusal is the run's too: `run` answers it, whichever form the plugin used)
    const refused = ran('looker.kill');
    expect(refused).toMatchObject({
      ok: false,
      reason: 'refused',
      refused: expect.stringMatching(/plugin looker: kill needs the capability "spawn"/),
    });
    expect(ran('looker.killfn')).toEqual(refused);
    expect(agents(home).find((a) => a.id === '8')?.status).not.toBe('exited');
    // One granted it stops agent 8 either way (the second finds it exited).
    expect(await answerOf(home, 'stopper.kill', 8)).toEqual({ ok: true, agent: { id: '8', name: 'a8' } });
    await until('agent 8 exited', () => agents(home).find((a) => a.id === '8')?.status === 'exited');
    expect(await answerOf(home, 'stopper.killfn', 8)).toMatchObject({ ok: false, reason: 'exited' });

    // The key bound to { verb = "kill", agent = "focused" } stops the agent shown.
    expect(cli(home, ['focus', '7']).status).toBe(0);
    client.pty.write('\x07K');
    await until('agent 7 exited', () => agents(home).find((a) => a.id === '7')?.status === 'exited', 15000);
  });
});
