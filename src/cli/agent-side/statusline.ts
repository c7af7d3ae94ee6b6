import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { controlRequest } from '../../wire/control-client.js';
import { readHookStdin } from './hook-input.js';
import { obj, readJson, type Json } from './cli-json.js';
import type { ServerTarget } from '../agent-commands.js';

// `botster-tui statusline claude`: Claude Code's status line for a launch in the hub (its
// --settings names it; src/agents/hook-snippets.ts). Claude hands it the session's JSON on stdin:
// its cost, context window and the account's limits. The usage goes to the hub (the `usage` verb)
// and the user's own status line (from their settings: local, project, user) runs after it with
// the same JSON, its output printed as Claude shows it. It never fails Claude: whatever goes
// wrong (no hub, a broken or slow status line of the user's), it exits 0, and the usage was sent
// before the user's line started.

/** Claude re-runs the status line as the session changes; a user's line that hangs is cut here. */
const userLineMs = (env: NodeJS.ProcessEnv) => Number(env.BOTSTER_STATUSLINE_TIMEOUT_MS ?? 5000);

export interface StatuslineIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
  /** Claude's JSON, where another process read it (a native client's); else `stdin` is read. */
  readStdin?: () => Promise<string>;
  /** The caller's folder (default: this process's). */
  cwd?: string;
  out: (s: string) => void;
  /**
   * Who runs the user's line (default: this process, as a child): for a native client's command
   * line the client itself does, so it runs in the agent's own process tree (its box, its line).
   */
  runLine?: (command: string, cwd: string, ms: number) => Promise<string>;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The `usage` verb's fields from Claude Code's status-line JSON (2.1: cost, context_window, rate_limits). */
export function claudeUsage(input: Json, account?: string): Json {
  const ctx = obj(input.context_window);
  const cost = obj(input.cost);
  const limits: Record<string, string> = {};
  const resets: Record<string, string> = {};
  for (const [name, v] of Object.entries(obj(input.rate_limits))) {
    const pct = num(obj(v).used_percentage);
    if (pct === undefined) continue;
    limits[name] = String(pct);
    const at = num(obj(v).resets_at);
    if (at !== undefined) resets[name] = String(at);
  }
  const inTokens = num(ctx.total_input_tokens);
  const outTokens = num(ctx.total_output_tokens);
  const model = obj(input.model);
  return {
    ...(inTokens !== undefined || outTokens !== undefined
      ? { tokens: Math.max(0, Math.round((inTokens ?? 0) + (outTokens ?? 0))) }
      : {}),
    ...(num(cost.total_cost_usd) !== undefined ? { cost: Math.max(0, num(cost.total_cost_usd)!) } : {}),
    ...(num(ctx.used_percentage) !== undefined
      ? { context_pct: Math.min(100, Math.max(0, num(ctx.used_percentage)!)) }
      : {}),
    ...(Object.keys(limits).length ? { limits, resets } : {}),
    ...(typeof model.display_name === 'string' ? { model: model.display_name } : {}),
    ...(account ? { account } : {}),
    source: 'statusline',
  };
}

/** Claude's signed-in account, from its own state file (read, never written): the e-mail. */
function claudeAccount(env: NodeJS.ProcessEnv): string | undefined {
  const dir = env.CLAUDE_CONFIG_DIR;
  const file = dir ? path.join(dir, '.claude.json') : path.join(env.HOME ?? os.homedir(), '.claude.json');
  const email = obj(readJson(file).oauthAccount).emailAddress;
  return typeof email === 'string' ? email : undefined;
}

/** The user's own status line: the first of local, project and user settings that has one. */
export function userStatusLine(env: NodeJS.ProcessEnv, projectDir: string): string | null {
  const config = env.CLAUDE_CONFIG_DIR || path.join(env.HOME ?? os.homedir(), '.claude');
  for (const file of [
    path.join(projectDir, '.claude', 'settings.local.json'),
    path.join(projectDir, '.claude', 'settings.json'),
    path.join(config, 'settings.json'),
  ]) {
    const line = obj(readJson(file).statusLine);
    if (line.type === 'command' && typeof line.command === 'string' && line.command.trim()) {
      // Ours (the hub's settings copied into the user's): running it again would never end.
      if (/botster-tui"? statusline\b/.test(line.command)) return null;
      return line.command;
    }
  }
  return null;
}

/** Runs the user's line with Claude's JSON on stdin: its stdout, or what it printed before it failed or was cut. */
function runUserLine(command: string, input: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const ms = userLineMs(env);
  return new Promise((resolve) => {
    let out = '';
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn('sh', ['-c', command], { cwd, env, stdio: ['pipe', 'pipe', 'ignore'], detached: true });
    } catch {
      return resolve('');
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone already */
      }
      resolve(out);
    }, ms);
    child.stdout!.on('data', (d: Buffer) => {
      if (out.length < 64 * 1024) out += d.toString('utf8');
    });
    child.stdin!.on('error', () => {});
    child.stdin!.end(input);
    child.on('error', () => {
      clearTimeout(timer);
      resolve(out);
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

export async function runStatusline(
  t: ServerTarget,
  cli: string | undefined,
  io: StatuslineIo,
): Promise<number> {
  const input = io.readStdin ? await io.readStdin() : await readHookStdin(io.stdin, 2000);
  let json: Json = {};
  try {
    json = obj(JSON.parse(input));
  } catch {
    /* not JSON: nothing to report; the user's line still runs */
  }
  const id = io.env.BOTSTER_AGENT_ID;
  // First the usage (it is not lost to a user's line that fails or hangs), then the user's line.
  const sent =
    id && cli === 'claude' && Object.keys(json).length
      ? controlRequest(
          t.socket,
          { op: 'usage', agent: `id:${id}`, ...claudeUsage(json, claudeAccount(io.env)) },
          { timeoutMs: 1500 },
        ).catch(() => null)
      : Promise.resolve(null);
  const workspace = obj(json.workspace);
  const cwd = [workspace.project_dir, workspace.current_dir, json.cwd].find(
    (d): d is string => typeof d === 'string' && fs.existsSync(d),
  );
  const here = cwd ?? io.cwd ?? process.cwd();
  const line = userStatusLine(io.env, here);
  const [, shown] = await Promise.all([
    sent,
    !line
      ? Promise.resolve('')
      : io.runLine
        ? io.runLine(line, here, userLineMs(io.env))
        : runUserLine(line, input, here, io.env),
  ]);
  if (shown) io.out(shown);
  return 0;
}
