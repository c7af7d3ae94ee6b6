// What the verbs' own tests (test/verbs/) share: asking a real hub for a verb through the door
// keys and Lua use (answerVerb: what app:NAME, app:verb, a key bound to a verb and a built-in
// command run), as whoever asks; and a hub with an agent in a git worktree of a fresh repository.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Hub } from '../../src/app/hub.js';
import { answerVerb, type VerbAnswer } from '../../src/verbs/call.js';
import { USER, type Principal } from '../../src/hub/principal.js';
import { tempRepo } from './hub.js';
import { until } from './wait.js';
import { tempHome } from './homes.js';
import { crashedPath } from '../../src/lifecycle/session-file.js';
import type { Hubs } from './use-hub.js';

/** Verb `name` asked of `hub` as `who` (a plugin granted `granted`), through Lua's and the keys' door. */
export function askVerb(
  hub: Hub,
  name: string,
  args: Record<string, unknown> = {},
  who: Principal = USER,
  granted: readonly string[] = [],
): Promise<VerbAnswer> {
  return answerVerb(hub.control, name, args, who, () => granted);
}

const ID = ['-c', 'user.email=t@t', '-c', 'user.name=t'];

/** git in `dir` (with an identity for commits), its output. */
export const gitIn = (dir: string, ...args: string[]): string =>
  execFileSync('git', ['-C', dir, ...ID, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

/** A file written and committed in `dir`. */
export function commitIn(dir: string, file: string, text: string): void {
  fs.writeFileSync(path.join(dir, file), text);
  gitIn(dir, 'add', file);
  gitIn(dir, 'commit', '-q', '-m', `change ${file}`);
}

/** A real hub with one `cat` agent, "worker", in a new worktree of a fresh repository (branch botster/worker off main). */
export async function worktreeHub(
  hubs: Hubs,
  files: Record<string, string> = {},
): Promise<{ hub: Hub; repo: string; dir: string }> {
  const { repo } = tempRepo();
  const hub = await hubs.real({
    files,
    agents: [{ command: 'cat', name: 'worker', cwd: repo, worktree: true }],
  });
  await until('the agent started in its worktree', () => hub.worktrees.of('1')?.path);
  return { hub, repo, dir: hub.worktrees.of('1')!.path };
}

/** A folder plugin `name` (its plugin.json asking for `capabilities`, its init.lua `lua`), not added anywhere yet. */
export function pluginFolder(name: string, lua: string, capabilities: string[], version = '1.0.0'): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'botster-plugin-')), name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'plugin.json'), JSON.stringify({ name, version, capabilities }));
  fs.writeFileSync(path.join(dir, 'init.lua'), lua);
  return dir;
}

/** Plugin `dir` fetched and added to `hub`'s home through the verbs, granted `grant`. */
export async function addedPlugin(hub: Hub, dir: string, grant: string[]): Promise<void> {
  const shown = await askVerb(hub, 'plugin.fetch', { source: dir });
  const added = await askVerb(hub, 'plugin.add', { token: shown.token, grant });
  if (!added.ok) throw new Error(`plugin.add: ${String(added.error)}`);
}

/** A home where a hub died running agent "old" (number 4): its session file is on offer. */
export function diedHome(): string {
  const home = tempHome();
  const agents = [{ id: '4', name: 'old', command: 'cat' }];
  fs.writeFileSync(
    crashedPath(home),
    JSON.stringify({ version: 3, saved: new Date().toISOString(), agents }),
  );
  return home;
}

/**
 * A watched hub with two `cat` agents and your binding of `w`, where agent 1 pushed improvement
 * "takeover" (it rebinds `w`): the policy asks you, so it waits for your answer.
 */
export async function waitingImprovement(hubs: Hubs): Promise<Hub> {
  const hub = await hubs.real({
    files: { 'user/keybindings.lua': 'keys.bind("normal", "w", "agent.next", { desc = "mine" })' },
    agents: [
      { command: 'cat', name: 'first' },
      { command: 'cat', name: 'second' },
    ],
    collaborativeWaitMs: 0,
  });
  await hub.config.watch();
  const reply = await hub.improvements.push({
    name: 'takeover',
    source: 'keys.bind("normal", "w", "agent.prev")',
    agent_id: '1',
  });
  if (reply.waiting !== true) throw new Error(`takeover does not wait: ${JSON.stringify(reply)}`);
  return hub;
}

const FAKE_CLI = path.resolve(import.meta.dirname, '../pipelines/fake-cli.mjs');
const GREET = `pipelines.define{ id = "greet", strategy = { kind = "single", step = {
  id = "hello", command = ${JSON.stringify(`node ${JSON.stringify(FAKE_CLI)}`)}, prompt = "answer hello \${word}", check = "true",
} } }`;

/**
 * A hub where agent 1 ("asker") asked to run pipeline greet (a scripted CLI answers "hello you"):
 * the shipped policy asks you, so request r1 waits for your answer; `answered` is what the agent is told.
 */
export async function waitingRun(hubs: Hubs): Promise<{ hub: Hub; answered: Promise<unknown> }> {
  const hub = await hubs.real({ agents: [{ command: 'cat', name: 'asker' }], collaborativeWaitMs: 60_000 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-run-'));
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  const asked = hub.agentRuns.ask({
    agentId: '1',
    file: { path: path.join(dir, 'greet.lua'), source: GREET },
    vars: { word: 'you' },
    cwd: dir,
  });
  await until('request r1 waits', () => hub.state.questions.length === 1);
  return { hub, answered: asked };
}
