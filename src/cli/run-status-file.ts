import fs from 'node:fs';
import { LuaHost } from '../lua/lua-host.js';
import { BUILTIN_COMMANDS } from '../commands/builtin-commands.js';
import type { AppData } from '../lua/runtime/config-file.js';
import { readConfigFiles } from '../reload/config-files.js';
import { verdictText } from '../client/status-commands.js';

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
  json: boolean;
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
  const lines = text
    .replace(/\r/g, '')
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => l.trimEnd());
  // A saved screen is a settled one: quiet long enough for every adapter to decide.
  const screen = {
    lines,
    title: o.title ?? '',
    progress: null,
    at_prompt: false,
    bell: false,
    notification: null,
    osc: {},
    quiet: 5,
    state: 'running',
  };
  const agent = {
    id: 'file',
    name: program,
    program,
    command: program,
    cwd: process.cwd(),
    title: o.title ?? '',
    state: 'running',
    reason: null,
  };
  const host = lua ?? new LuaHost();
  host.builtinCommands = BUILTIN_COMMANDS.map((c) => c.id);
  try {
    await host.start();
    await host.configure(readConfigFiles({ home }), NO_AGENTS);
    const verdict = await host.detectStatus(agent, screen, true);
    if (o.json) out(JSON.stringify({ file: o.file, program, verdict }));
    else {
      out(`${o.file} as the screen of ${program}:`);
      for (const l of verdictText(verdict)) out(`  ${l}`);
    }
    return 0;
  } catch (e) {
    err((e as Error).message);
    return 1;
  } finally {
    await host.dispose();
  }
}
