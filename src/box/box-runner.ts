import { execFile, spawn } from 'node:child_process';
import { resolveCommand } from '../pty/resolve-command.js';
import { BoxError, type Box } from './box.js';
import { bwrapArgs } from './bwrap-args.js';
import type { BoxPlace } from './box-place.js';
import { boxPlan } from './box-plan.js';
import { devcontainerImage } from './devcontainer.js';
import { fitBox } from './box-fit.js';
import { plantSeeds } from './box-seeds.js';
import { boxEnv } from './box-env.js';
import { placeProgram } from './box-program.js';
import { programUnseen } from './box-sees.js';
import { containerName, hubTag, podmanArgs } from './podman-args.js';

// The box's runner for one start: bubblewrap on Linux, or a container (podman). A box that cannot
// be made is an agent that does not start, with one line that says why and what to do: never the
// agent without its box.

/** A program's path on this PATH (looked up once per PATH). */
const found = new Map<string, string | null>();

function on(program: string, pathVar: string | undefined): string | null {
  const key = `${program}\0${pathVar ?? ''}`;
  if (!found.has(key)) found.set(key, resolveCommand(program, '/', pathVar));
  return found.get(key) ?? null;
}

/**
 * Why no box of `box`'s runner can be made here (no bubblewrap, no podman, not Linux), or, given
 * the agent's folder, why its container has no image; null: it can.
 */
export function boxRunnerProblem(
  pathVar: string | undefined,
  box?: Pick<Box, 'runner' | 'image' | 'devcontainer'>,
  cwd?: string,
): string | null {
  if (process.platform !== 'linux')
    return 'boxes run on Linux only for now (docs/security.md); to run it unboxed, settings.sandbox = false';
  if (box?.runner === 'podman') {
    if (!on('podman', pathVar))
      return on('docker', pathVar)
        ? "its box is a container, which needs podman (apt install podman): docker's containers are its daemon's children, not the agent's keeper's, so the hub could not tell what runs in them from your own processes (docs/security.md)"
        : 'its box is a container, which needs podman, not installed (apt install podman); to run it in a bubblewrap box, sandbox = "default"';
    if (!box.image && box.devcontainer && cwd !== undefined) {
      try {
        devcontainerImage(cwd);
      } catch (err) {
        if (err instanceof BoxError) return err.message;
        throw err;
      }
    }
    return null;
  }
  if (!on('bwrap', pathVar))
    return 'its box needs bubblewrap, which is not installed (apt install bubblewrap); to run agents unboxed, settings.sandbox = false';
  return null;
}

/** The agent a box runs: its id (a container's name), its environment, and the names set for it on purpose. */
export interface BoxStart {
  id: string;
  env: Record<string, string>;
  /** Names of `env` set for this agent (its spec's env: a profile's, its account's), which its box gets. */
  set?: readonly string[];
  /** false: what runs has no terminal (a pipeline step's check), podman is not given one. */
  terminal?: boolean;
}

/**
 * What the PTY runs for `argv` in `box` (and its container's name, when it is one), and the
 * environment it runs with (bubblewrap's: what the box lets in, box-env.ts; podman keeps the
 * agent's for itself and hands the container what the box lets in, by name); throws a BoxError
 * (the agent does not start) when it cannot be boxed.
 */
export function boxedArgv(
  asked: Box,
  place: BoxPlace,
  argv: { file: string; args: string[] },
  pathVar: string | undefined,
  start: BoxStart = { id: '0', env: {} },
): { file: string; args: string[]; container?: string; env?: Record<string, string> } {
  const no = boxRunnerProblem(pathVar, asked);
  if (no) throw new BoxError(`not started: ${no}`);
  const box = fitBox(asked, place.home, start.env);
  plantSeeds(box, place.home, place.hub?.home);
  // (the values go by the environment, never on a command line: bwrap's --setenv would show them in ps)
  const env = boxEnv(box, start.env, start.set);
  if (box.runner === 'podman') {
    const image = box.image ?? devcontainerImage(place.cwd);
    const name = containerName(place, start.id);
    const plan = boxPlan(box, place, argv, env);
    return {
      file: on('podman', pathVar) as string,
      args: podmanArgs(plan, {
        id: start.id,
        name,
        hub: hubTag(place),
        image,
        ...(start.terminal === false ? { terminal: false } : {}),
      }),
      container: name,
    };
  }
  const plan = boxPlan(box, place, argv);
  // (the program it runs, where the box would not see it: said now, not as a 127 from inside)
  const cli = placeProgram(place);
  const unseen = cli && programUnseen(plan, cli);
  if (unseen) throw new BoxError(`not started: ${unseen}`);
  return { file: on('bwrap', pathVar) as string, args: bwrapArgs(plan), env };
}

/**
 * The container agent `id` runs in (one a server before this one started, and its keeper kept):
 * found by its labels, once, while it runs; null: none.
 */
export function containerOf(
  place: BoxPlace,
  id: string,
  env: Record<string, string>,
): Promise<string | null> {
  const podman = on('podman', env.PATH);
  if (!podman) return Promise.resolve(null);
  const args = [
    'ps',
    '--filter',
    `label=botster.hub=${hubTag(place)}`,
    '--filter',
    `label=botster.agent=${id}`,
  ];
  return new Promise((resolve) =>
    execFile(podman, [...args, '--format', '{{.Names}}'], { env, timeout: 20000 }, (err, out) =>
      resolve(err ? null : (String(out).trim().split('\n')[0] ?? '') || null),
    ),
  );
}

/**
 * After a container's agent exited: its container goes, if it is still there (podman run was
 * killed while what it ran held on: `--rm`, or conmon's cleanup once the container's process
 * ended, took it otherwise). Nothing waits for it.
 */
export function containerGone(name: string, env: Record<string, string>): void {
  const podman = on('podman', env.PATH);
  if (!podman) return;
  try {
    const child = spawn(podman, ['rm', '--force', '--ignore', '--time', '0', name], {
      stdio: 'ignore',
      detached: true,
      env,
    });
    child.on('error', () => {});
    child.unref();
  } catch {
    // nothing to remove it with: podman went away meanwhile
  }
}
