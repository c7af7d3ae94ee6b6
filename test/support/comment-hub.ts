// A hub with a real git repository and a fake CLI that records what it receives (record-cli.mjs),
// for the review comment tests: app.js and lib.js committed, the agent's worktree changing both.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hub } from '../../src/app/hub.js';
import { answerVerb } from '../../src/verbs/call.js';
import { USER } from '../../src/hub/principal.js';
import { startHub, tempHome, tempRepo, until } from './hub.js';
import { useHub } from './use-hub.js';

// (called as a test file imports this: its hubs are disposed after each of that file's tests)
const hubs = useHub();
const RECORD_CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '../review/record-cli.mjs');
const ID = ['-c', 'user.email=t@t', '-c', 'user.name=t'];
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...ID, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

// What the recording CLI's screen says it does (as a CLI's file in lua/default/clis says it), and
// that it reads the prompts the hub types (prompts.reads: shipped, only programs a CLI file knows).
const ADAPTER = `status.adapter({ name = "record", match = "record*", detect = function(screen)
  if screen:find("busy with it") then return "running", "busy", "busy line" end
  return "idle", nil, "prompt"
end })
local reads = prompts.reads
function prompts.reads(ev)
  if (ev.agent.program or ""):match("^record") then return true end
  return reads(ev)
end
`;

/** A repository with app.js and lib.js; a worktree agent (the recording CLI) that changed both. */
export async function commentHub(
  opts: { cols?: number; rows?: number; edit?: string; files?: Record<string, string> } = {},
): Promise<{ hub: Hub; wt: string; log: string; home: string }> {
  const { repo } = tempRepo();
  fs.writeFileSync(path.join(repo, 'app.js'), 'const a = 1;\nconst b = 2;\nconsole.log(a + b);\n');
  fs.writeFileSync(path.join(repo, 'lib.js'), 'export function f() {\n  return 1;\n}\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'start');
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'botster-record-')), 'got.jsonl');
  const home = tempHome({ 'user/record.lua': ADAPTER, ...opts.files });
  const hub = await startHub({
    cols: opts.cols ?? 120,
    rows: opts.rows ?? 40,
    home,
    agents: [
      {
        command: process.execPath,
        args: [RECORD_CLI, log],
        name: 'worker',
        cwd: repo,
        worktree: true,
        env: opts.edit ? { RECORD_EDIT: opts.edit } : {},
      },
    ],
  });
  hubs.track(hub);
  await until('the agent started', () => hub.agents.list().length === 1);
  const wt = hub.worktrees.of('1')!.path;
  fs.writeFileSync(path.join(wt, 'app.js'), 'const a = 1;\nconst b = 3;\nconsole.log(a * b);\n');
  fs.writeFileSync(path.join(wt, 'lib.js'), 'export function f() {\n  return 2;\n}\n');
  await until('it asked for pastes', () => hub.agents.get('1')!.terminal.keyModes.bracketedPaste);
  await until('it is at its prompt', () => hub.state.agentStates['1']?.state === 'idle', 10000);
  return { hub, wt, log, home };
}

export const verb = (hub: Hub, name: string, args: Record<string, unknown>) =>
  answerVerb(hub.control, name, args, USER, () => []) as Promise<Record<string, unknown>>;

/** What the recording CLI read, each read as it came. */
export const received = (log: string): string[] =>
  fs.existsSync(log)
    ? fs
        .readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as string)
    : [];
