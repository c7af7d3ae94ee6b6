import fs from 'node:fs';
import { LuaHost } from '../worker/lua-host.js';
import { BUILTIN_COMMANDS } from '../commands/builtin-commands.js';
import type { AppData } from '../hub/self.js';
import { readConfigFiles } from '../reload/config-files.js';
import { verdictText } from './status-text.js';

// `botster-tui status --explain --file SCREEN.txt --program NAME`: what the adapters of this home
// (shipped + user/) make of a saved screen, without a hub.

const NO_AGENTS: AppData = {
  agents: [],
  focused_id: null,
  selected: null,
  mode: 'insert',
  size: { width: 120, height: 40 },
  error: null,
};

export interface FileStatusOptions {
  file: string;
  program?: string;
  title?: string;
  /** OSC 9;4 progress as adapters get it: `normal:40`, `indeterminate`, `error`, `paused`. */
  progress?: string;
  /** The CLI release it came from: a CLI file with `versions` reads it with that release's rules. */
  cliVersion?: string;
  json: boolean;
}

/** How a saved screen was seen: the program, its title, OSC 9;4 progress, the CLI's release. */
export interface ScreenOptions {
  program: string;
  title: string;
  progress?: string;
  cliVersion?: string;
}

/** `--progress normal:40` as the adapters get it (screen.progress); throws on a bad one. */
export function progressOf(text: string | undefined): { state: string; value: number } | null {
  if (text === undefined) return null;
  const m = /^(normal|error|indeterminate|paused)(?::(\d{1,3}))?$/.exec(text);
  if (!m) throw new Error(`--progress must be normal|error|indeterminate|paused[:VALUE], not "${text}"`);
  return { state: m[1], value: Math.min(100, Number(m[2] ?? 0)) };
}

/** The screen and agent the adapters get for a saved screen (settled: quiet long enough for every rule). */
function savedScreen(text: string, o: ScreenOptions) {
  const lines = text
    .replace(/\r/g, '')
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => l.trimEnd());
  const screen = {
    lines,
    title: o.title,
    progress: progressOf(o.progress),
    at_prompt: false,
    bell: false,
    notification: null,
    osc: {},
    quiet: 5,
    state: 'running',
  };
  const agent = {
    id: 'file',
    name: o.program,
    program: o.program,
    command: o.program,
    cwd: process.cwd(),
    title: o.title,
    state: 'running',
    reason: null,
    ...(o.cliVersion ? { cli_version: o.cliVersion } : {}),
  };
  return { screen, agent };
}

async function verdictOf(home: string, text: string, o: ScreenOptions, host: LuaHost) {
  const { screen, agent } = savedScreen(text, o);
  host.builtinCommands = BUILTIN_COMMANDS.map((c) => c.id);
  try {
    await host.start();
    await host.configure(readConfigFiles({ home }), NO_AGENTS);
    return await host.detectStatus(agent, screen, true);
  } finally {
    await host.dispose();
  }
}

/** What the adapters of this home read on a saved screen, as lines to print. */
export async function explainScreen(
  home: string,
  text: string,
  o: ScreenOptions,
  host: LuaHost,
): Promise<string[]> {
  return verdictText(await verdictOf(home, text, o, host));
}

export async function runStatusFile(
  home: string,
  o: FileStatusOptions,
  out: (s: string) => void,
  err: (s: string) => void,
  lua?: LuaHost,
): Promise<number> {
  let text: string;
  try {
    text = fs.readFileSync(o.file, 'utf8');
  } catch (e) {
    err(`${o.file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return 5;
  }
  const program = o.program ?? 'sh';
  try {
    const verdict = await verdictOf(
      home,
      text,
      {
        program,
        title: o.title ?? '',
        ...(o.progress ? { progress: o.progress } : {}),
        ...(o.cliVersion ? { cliVersion: o.cliVersion } : {}),
      },
      lua ?? new LuaHost(),
    );
    if (o.json) out(JSON.stringify({ file: o.file, program, verdict }));
    else {
      out(
        `${o.file} as the screen of ${program}${o.cliVersion ? ` ${o.cliVersion}` : ''}${o.title ? ` (title ${JSON.stringify(o.title)})` : ''}:`,
      );
      for (const l of verdictText(verdict)) out(`  ${l}`);
    }
    return 0;
  } catch (e) {
    err((e as Error).message);
    return 1;
  }
}
