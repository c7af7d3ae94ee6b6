import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { controlHandler } from '../../src/server/control.js';
import { ControlServer } from '../../src/server/control-socket.js';
import { tempHome, until } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';
import { BIN } from '../support/cli-pty.js';

// The three hard cases of agent state detection (issue 54) in a real hub: real PTYs, real Lua, the
// hub's own status schedule, read back through `botster-tui status AGENT --json`. The agent is a
// small program that draws a frame the project captured from the real CLI in a real hub's 110x41
// panel (corpus/real-screens: Claude Code 2.1.331, Codex 0.169.0), sets the title that CLI had
// set, and then stays quiet. It is installed as the CLI is (Claude Code's native install: a
// `versions/2.1.331` file behind a `claude` link; Codex's npm package at 0.169.0 behind a `codex`
// link), so the hub picks the CLI's file by the foreground program's name and its release by the
// files beside it, as for the real binaries.

const hubs = useHub();
const servers: ControlServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const SCREENS = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../corpus/real-screens');

interface RealCase {
  name: string;
  screen: string;
  title?: string;
  expected: string;
  size?: string;
  version?: string;
}

/** The captured case of `cli` whose name starts with `prefix`. */
function capture(cli: string, prefix: string): RealCase {
  const cases = JSON.parse(fs.readFileSync(path.join(SCREENS, `${cli}.json`), 'utf8')) as RealCase[];
  const c = cases.find((x) => x.name.startsWith(prefix));
  if (!c) throw new Error(`no case ${prefix} in ${cli}.json`);
  expect(c.size).toBe('110x41');
  return c;
}

// Draws $FRAME (a JSON { title, screen }) as the CLI left it: the title by OSC 0, each row at its
// place, then waits (quiet) until the hub ends it. `--version` says the release, as the CLI does.
const PROGRAM = (release: string) => `#!${process.execPath}
if (process.argv.includes('--version')) { console.log('${release}'); process.exit(0); }
const fs = require('fs');
const f = JSON.parse(fs.readFileSync(process.env.FRAME, 'utf8'));
let out = '\\x1b]0;' + f.title + '\\x07\\x1b[H\\x1b[2J';
f.screen.split('\\n').forEach((row, i) => { out += '\\x1b[' + (i + 1) + ';1H' + row; });
process.stdout.write(out);
process.stdin.resume();
`;

/** Claude Code at 2.1.331 and Codex at 0.169.0, installed under `root`; their `bin/` links. */
function install(root: string): { claude: string; codex: string } {
  const bin = path.join(root, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  // Claude Code's native install: ~/.local/share/claude/versions/<release>, linked as claude.
  const claudeDir = path.join(root, 'share', 'claude', 'versions');
  fs.mkdirSync(claudeDir, { recursive: true });
  fs.writeFileSync(path.join(claudeDir, '2.1.331'), PROGRAM('2.1.331 (Claude Code)'), { mode: 0o755 });
  fs.symlinkSync(path.join(claudeDir, '2.1.331'), path.join(bin, 'claude'));
  // Codex's npm package: node_modules/@openai/codex/bin/codex.js, linked as codex.
  const pkg = path.join(root, 'lib', 'node_modules', '@openai', 'codex');
  fs.mkdirSync(path.join(pkg, 'bin'), { recursive: true });
  fs.writeFileSync(
    path.join(pkg, 'package.json'),
    JSON.stringify({ name: '@openai/codex', version: '0.169.0', bin: { codex: 'bin/codex.js' } }),
  );
  fs.writeFileSync(path.join(pkg, 'bin', 'codex.js'), PROGRAM('codex-cli 0.169.0'), { mode: 0o755 });
  fs.symlinkSync(path.join(pkg, 'bin', 'codex.js'), path.join(bin, 'codex'));
  return { claude: path.join(bin, 'claude'), codex: path.join(bin, 'codex') };
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `botster-tui ARGS` in a child process (the hub answers in this one's event loop). */
function cli(args: string[], env: Record<string, string>): Promise<Run> {
  const e: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, CI: 'true', BOTSTER_AGENT_ID: undefined, ...env }))
    if (v !== undefined) e[k] = v;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: e, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

interface Status {
  state: string;
  reason?: string | null;
  decided?: { adapter?: string; rule?: string | null } | null;
  screen?: { quiet: number; size?: string; cli_version?: string; title?: string };
}

const CASES = [
  // A working state shown only in the title: the transcript view (ctrl+o) / a stream with the
  // status line hidden; the screen alone looks idle.
  { name: 'claude-title', cli: 'claude', prefix: 'claude 2.1.331 110x41: transcript view', state: 'running' },
  {
    name: 'codex-title',
    cli: 'codex',
    prefix: 'codex 0.169.0 110x41: streaming a long answer',
    state: 'running',
  },
  // A finished answer that quotes a spinner row, "esc to interrupt" and a "(y/n)": history, idle.
  { name: 'claude-quote', cli: 'claude', prefix: 'claude 2.1.331 110x41: an answer quoting', state: 'idle' },
  {
    name: 'codex-quote',
    cli: 'codex',
    prefix: 'codex 0.169.0 110x41: a finished answer quoting',
    state: 'idle',
  },
  // The model picker the user opened with /model: it asks nothing, idle.
  { name: 'claude-model', cli: 'claude', prefix: 'claude 2.1.331 110x41: model picker', state: 'idle' },
  { name: 'codex-model', cli: 'codex', prefix: 'codex 0.169.0 110x41: the /model picker', state: 'idle' },
] as const;

describe('the hard cases in a real hub (captured frames, the CLI picked by its program name)', () => {
  it('a title-only working state reads running; a quoted spinner and (y/n), and a user-opened model picker read idle, never waiting', async () => {
    const home = tempHome();
    const socket = path.join(home, 'hub.sock');
    // (outside the hub's home, as a user's programs are, and the frames in its folder: a boxed CLI
    // sees neither that home nor a /tmp of yours)
    const mine = tempHome();
    const bins = install(path.join(mine, 'tools'));
    const agents = CASES.map((c) => {
      const frame = path.join(mine, `${c.name}.json`);
      const cap = capture(c.cli, c.prefix);
      expect(cap.expected).toBe(c.state === 'running' ? 'busy' : 'idle');
      fs.writeFileSync(frame, JSON.stringify({ title: cap.title ?? '', screen: cap.screen }));
      return { command: bins[c.cli], name: c.name, cwd: mine, env: { FRAME: frame } };
    });
    // A 110x41 panel for each agent, as the frames were captured in.
    const hub: Hub = await hubs.real({ home, agents, cols: 160, rows: 45, env: { BOTSTER_SOCKET: socket } });
    const server = new ControlServer({ path: socket, handler: controlHandler(hub.control) });
    await server.listen();
    servers.push(server);
    // Every state each agent is in, from its start: a lookalike must never read waiting.
    const seen = new Map<string, Set<string>>();
    const ids = new Map(hub.agents.list().map((a) => [a.info.id, a.info.name]));
    const record = () => {
      for (const [id, s] of Object.entries(hub.state.agentStates)) {
        const name = ids.get(id);
        if (name && s) (seen.get(name) ?? seen.set(name, new Set()).get(name)!).add(s.state);
      }
    };
    hub.subscribe(record);
    record();

    const status = async (name: string): Promise<Status> => {
      const r = await cli(['status', name, '--explain', '--json'], {
        BOTSTER_SOCKET: socket,
        BOTSTER_HOME: home,
      });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Status;
    };
    const got = new Map<string, Status>();
    for (const c of CASES) {
      // Read once the frame stood still past the hub's quiet check (1.5 s): the screen and the
      // title decide, not output that still flows.
      await until(
        `${c.name} reads ${c.state} by its CLI's rules, settled`,
        async () => {
          const s = await status(c.name);
          got.set(c.name, s);
          return s.state === c.state && s.decided?.adapter === c.cli && (s.screen?.quiet ?? 0) >= 1.5;
        },
        30000,
      ).catch((e: Error) => {
        throw new Error(`${e.message}: ${JSON.stringify(got.get(c.name))}`);
      });
    }
    const rows = Object.fromEntries(
      CASES.map((c) => {
        const s = got.get(c.name)!;
        return [
          c.name,
          { state: s.state, rule: s.decided?.rule, size: s.screen?.size, release: s.screen?.cli_version },
        ];
      }),
    );
    expect(rows).toEqual({
      'claude-title': {
        state: 'running',
        rule: 'title spinner (transcript view)',
        size: '110x41',
        release: '2.1.331',
      },
      'codex-title': { state: 'running', rule: 'title spinner', size: '110x41', release: '0.169.0' },
      'claude-quote': {
        state: 'idle',
        rule: 'quiet 1.5s',
        size: '110x41',
        release: '2.1.331',
      },
      'codex-quote': { state: 'idle', rule: 'quiet 1.5s', size: '110x41', release: '0.169.0' },
      'claude-model': {
        state: 'idle',
        rule: 'model picker (opened by the user)',
        size: '110x41',
        release: '2.1.331',
      },
      'codex-model': {
        state: 'idle',
        rule: 'model picker (opened by the user)',
        size: '110x41',
        release: '0.169.0',
      },
    });
    // The agents list says the same (`agents --json`).
    const list = await cli(['agents', '--json'], { BOTSTER_SOCKET: socket, BOTSTER_HOME: home });
    expect(list.status, list.stderr).toBe(0);
    const states = Object.fromEntries(
      (JSON.parse(list.stdout) as Array<{ name: string; state: string }>).map((a) => [a.name, a.state]),
    );
    expect(states).toEqual(Object.fromEntries(CASES.map((c) => [c.name, c.state])));
    record();
    for (const c of CASES) expect([...(seen.get(c.name) ?? [])], c.name).not.toContain('waiting');
  }, 120000);
});
