import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MoveRefused, landGit } from './move-git.js';
import { dropTransfer, landingPath, transferFile } from './move-files.js';
import type { Packed } from './move-pack.js';

// The target's half of a move: its work laid down as git where it worked, its CLI's transcripts
// where that CLI looks for them on this machine, and the agent started in its conversation, in its
// box. It answers only once the agent runs here; one that does not come up is stopped, and the
// move fails with what it said (the source runs on).

/** How long a resumed CLI has to come up (its first screen, its hooks' first word). */
const UP_MS = 90_000;
/** A command that is no CLI's resume runs when it still runs after this long. */
const ALIVE_MS = 1500;

export interface LandHost {
  /**
   * The before_agent_arrive handlers' word: `no`, why not (null: go on); `env`, what it starts
   * with here over the hub's (an account's config folder: its transcripts go there too).
   */
  ask(p: Packed): Promise<{ no: string | null; env?: Record<string, string> }>;
  /** Starts it through the hub's own spawn path (profiles' hooks, its box). */
  start(spec: {
    command: string;
    args?: string[];
    cwd: string;
    name: string;
    box?: string;
    env?: Record<string, string>;
  }): Promise<{ id: string } | { notStarted: string }>;
  state(id: string): string | undefined;
  /** The last lines its screen shows (why it ended). */
  lastWords(id: string): string;
  /** Stops and closes one that did not come up. */
  stop(id: string): Promise<void>;
  env: NodeJS.ProcessEnv;
}

/** Lands what `p` packed (its files in transfer `into` here); the agent's id here once it runs. */
export async function landAgent(host: LandHost, p: Packed, into: string): Promise<{ id: string }> {
  try {
    const { no, env } = await host.ask(p);
    if (no) throw new MoveRefused(`this machine does not take ${p.name}: ${no}`);
    for (const f of p.files) {
      const got = fs.statSync(transferFile(into, f.key), { throwIfNoEntry: false })?.size ?? -1;
      if (got !== f.size) throw new MoveRefused(`${f.key} came with ${got} of its ${f.size} bytes`);
    }
    let cwd = p.cwd;
    if (p.git) cwd = await landGit(p.git, transferFile(into, 'bundle'), p.transfer);
    else if (!fs.statSync(cwd, { throwIfNoEntry: false })?.isDirectory())
      throw new MoveRefused(
        `its folder ${cwd} is not here, and it is no git checkout that could be made here`,
      );
    for (const f of p.files)
      if (f.pattern && f.rel)
        placeTranscript({ ...host.env, ...env }, f.pattern, f.rel, transferFile(into, f.key));
    const started = await host.start({
      command: p.command,
      ...(p.args ? { args: p.args } : {}),
      cwd,
      name: p.name,
      ...(p.box ? { box: p.box } : {}),
      ...(env ? { env } : {}),
    });
    if ('notStarted' in started) throw new MoveRefused(`not started here: ${started.notStarted}`);
    await up(host, started.id, p);
    return started;
  } finally {
    dropTransfer(into);
  }
}

/** A transcript where its CLI looks here (with `env`); never through a link, never outside its folder. */
function placeTranscript(env: NodeJS.ProcessEnv, pattern: string, rel: string, from: string): void {
  const to = landingPath(pattern, rel, env, os.homedir());
  fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
  if (fs.lstatSync(to, { throwIfNoEntry: false })?.isSymbolicLink())
    throw new MoveRefused(`${to} is a link here: its transcript is not written through it`);
  fs.copyFileSync(from, to);
  fs.chmodSync(to, 0o600);
}

/** Waits until it runs: a resumed CLI up (idle, done, or asking), any other command still alive. */
async function up(host: LandHost, id: string, p: Packed): Promise<void> {
  const since = Date.now();
  for (;;) {
    const s = host.state(id);
    if (s === undefined || s === 'exited') {
      const said = host.lastWords(id);
      await host.stop(id).catch(() => {});
      throw new MoveRefused(`${p.name} did not start here${said ? `: ${said}` : ''}`, 'not_started');
    }
    if (p.resumed ? ['idle', 'done', 'waiting'].includes(s) : Date.now() - since >= ALIVE_MS) return;
    if (Date.now() - since > UP_MS) {
      await host.stop(id).catch(() => {});
      throw new MoveRefused(`${p.name} did not come up here within ${UP_MS / 1000} s`, 'not_started');
    }
    await new Promise((res) => setTimeout(res, 200));
  }
}
