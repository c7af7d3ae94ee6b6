// A pipeline step's check runs in its step agent's box (issue 93, item 3): the check is
// `sh ./t.sh`, and t.sh is what the boxed step agent wrote in its worktree. A real hub server, real
// bubblewrap, the step's agent a scripted CLI (fake-cli.mjs) in a box of sandbox.choose's, the run
// started by the user's CLI. The script reads ~/.ssh and writes beside the worktree: as the user
// (the check run unboxed, as before) it could; in the agent's box it cannot, while what the box
// writes (its worktree) it still writes. An unboxed step agent's check runs as it always did.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { hubTag } from '../../src/box/podman-args.js';
import { hubCli } from '../support/cli.js';
import { IMAGE, hasPodman, luaMounts, usePodman } from '../support/podman.js';

const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;
const { running, dotHome } = stoppedAfterEach();
const HERE = path.dirname(fileURLToPath(import.meta.url));
const FAKE = `node ${path.join(HERE, 'fake-cli.mjs')}`;
const podman = usePodman();

/**
 * What the step's agent writes and its check runs: the hub's socket as you (its agent's mark taken
 * off), the key of ~/.ssh, then a file beside its folder.
 */
const SCRIPT =
  'env -u BOTSTER_AGENT_ID botster-tui whoami || echo no-hub && echo checked > checked.txt && cat ~/.ssh/id_rsa || echo no-key && touch ~/planted && echo planted';

/**
 * A user (HOME) with a key and a repository; a hub whose sandbox.choose boxes the scripted CLI in
 * `box` (a container: this machine's /usr and the CLI's folder mounted read-only), or not at all.
 */
async function hubOf(box: 'default' | 'pod' | false) {
  const home = dotHome();
  const user = path.dirname(home);
  fs.mkdirSync(path.join(user, '.ssh'), { mode: 0o700 });
  fs.writeFileSync(path.join(user, '.ssh', 'id_rsa'), 'SECRET-KEY\n');
  const repo = path.join(user, 'work');
  fs.mkdirSync(repo);
  const git = (...a: string[]) =>
    execFileSync('git', ['-C', repo, '-c', 'user.email=t@t', '-c', 'user.name=t', ...a]);
  git('init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(repo, 'README.md'), 'hello\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'start');
  fs.mkdirSync(path.join(home, 'user'), { recursive: true });
  let extra: Record<string, string> = {};
  if (box === 'pod') {
    extra = podman.prepare(user).env;
    podman.track(hubTag({ home: user, hub: { home } }));
  }
  fs.writeFileSync(
    path.join(home, 'user', 'hooks.lua'),
    [
      `sandbox.boxes.pod = { runner = "podman", image = "${IMAGE}", mount = ${luaMounts([HERE])}, read = "all" }`,
      `function sandbox.choose(agent) return ${box ? `(agent.command:find("fake-cli", 1, true) and "${box}") or false` : 'false'} end`,
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(user, 'checked.lua'),
    `pipelines.define{ id = "checked", strategy = { kind = "single", step = {
      id = "work", command = ${JSON.stringify(FAKE)}, worktree = true,
      prompt = ${JSON.stringify(`write t.sh ${SCRIPT}; answer wrote t.sh`)},
      check = "sh ./t.sh",
    } } }\n`,
  );
  const env = { ...process.env, ...extra, HOME: user, SHELL: '/bin/sh', TERM: 'xterm-256color' } as Record<
    string,
    string
  >;
  delete env.CI;
  const hub = run(['--home', home, '--agent', 'sh'], 120, 30, { env, cwd: repo });
  running.push(hub);
  await waitScreen(hub, /Agents: 1/);
  return { home, user, repo };
}

/** The run, started by the user's CLI and followed to its end; its step as the run's file keeps it. */
function runIt(h: { home: string; user: string; repo: string }) {
  const r = hubCli(h.home, ['pipeline', 'run', path.join(h.user, 'checked.lua')], {
    env: { HOME: h.user },
    cwd: h.repo,
    timeout: 90000,
  });
  expect(r.stderr).not.toMatch(/error/i);
  const file = fs.readdirSync(path.join(h.home, 'pipelines')).find((f) => f.endsWith('.json'))!;
  const saved = JSON.parse(fs.readFileSync(path.join(h.home, 'pipelines', file), 'utf8'));
  return saved.steps.work as {
    state: string;
    check: { code: number | null; output: string };
    worktree: { path: string };
    agent: { id: string };
  };
}

/** The boxed step's check: none of the script's reach beyond its box, and its folder still written. */
async function boxedCheck(box: 'default' | 'pod'): Promise<void> {
  const h = await hubOf(box);
  const step = runIt(h);
  expect(step.state).toBe('done');
  // The step's agent ran in that box (the check is its box's, not a box of its own).
  const said = JSON.parse(
    hubCli(h.home, ['sandbox', step.agent.id, '--json'], { env: { HOME: h.user } }).stdout,
  );
  expect(said.box?.name).toBe(box);
  expect(fs.readFileSync(path.join(step.worktree.path, 't.sh'), 'utf8')).toContain('cat ~/.ssh/id_rsa');
  expect(step.check.output).not.toContain('SECRET-KEY');
  expect(step.check.output).toContain('no-key');
  // Nor does it reach the hub (started by the hub, it would pass there for you).
  expect(step.check.output).toContain('no-hub');
  expect(step.check.output).not.toMatch(/^you/m);
  expect(fs.existsSync(path.join(h.user, 'planted'))).toBe(false);
  expect(step.check.code).not.toBe(0);
  expect(fs.readFileSync(path.join(step.worktree.path, 'checked.txt'), 'utf8')).toBe('checked\n');
}

describe.skipIf(!hasBwrap && !process.env.CI)("a pipeline step's check runs in its step agent's box", () => {
  it(
    'bubblewrap: the script its agent wrote cannot read ~/.ssh, reach the hub or write beside the worktree; it writes the worktree',
    { timeout: 120000 },
    () => boxedCheck('default'),
  );

  it.skipIf(!hasPodman && !process.env.CI)(
    'a container: the same, in a container of the same box',
    { timeout: 180000 },
    () => boxedCheck('pod'),
  );

  it('unboxed: the check runs as before, as you', { timeout: 120000 }, async () => {
    const h = await hubOf(false);
    const step = runIt(h);
    expect(step.state).toBe('done');
    expect(step.check).toMatchObject({ code: 0 });
    expect(step.check.output).toContain('SECRET-KEY');
    expect(fs.existsSync(path.join(h.user, 'planted'))).toBe(true);
  });
});
