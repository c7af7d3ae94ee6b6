import type { CliInfo } from '../../src/agents/cli-info.js';
// The shipped configuration built as the hub builds it, and a screen as the hub hands it over.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigRuntime, type StatusVerdict } from '../../src/lua/runtime/config-runtime.js';
import { readConfigFiles } from '../../src/reload/config-files.js';
import { BUILTIN_COMMANDS } from '../../src/commands/builtin-commands.js';
import { tempHome } from './hub.js';

/** The screen the hub hands __botster.detect_status (the contract in lua/core/status.lua). */
export interface StatusScreen {
  lines: string[];
  title: string;
  progress?: { state: 'normal' | 'error' | 'indeterminate' | 'paused'; value: number } | null;
  at_prompt: boolean;
  bell: boolean;
  quiet: number;
  state: string;
  notification?: { text: string; age: number } | null;
  osc?: Record<string, string>;
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The configuration from a fresh home (plus user files), with what it logged. */
export async function shippedRuntime(
  user: Record<string, string> = {},
): Promise<{ rt: ConfigRuntime; logged: string[] }> {
  const logged: string[] = [];
  const rt = await ConfigRuntime.build(
    readConfigFiles({ home: tempHome(user) }),
    (level, message) => logged.push(`${level}: ${message}`),
    {},
    BUILTIN_COMMANDS.map((c) => c.id),
  );
  return { rt, logged };
}

export function screenOf(text: string, over: Partial<StatusScreen> = {}): StatusScreen {
  return {
    lines: text.split('\n').map((l) => l.trimEnd()),
    title: '',
    at_prompt: false,
    bell: false,
    quiet: 0,
    state: 'idle',
    ...over,
  };
}

export function detect(
  rt: ConfigRuntime,
  program: string,
  screen: StatusScreen,
  explain = false,
  cliVersion?: string,
): StatusVerdict | null {
  const agent = {
    id: '1',
    name: program,
    program,
    command: program,
    cwd: '/tmp',
    title: screen.title,
    state: screen.state,
    ...(cliVersion ? { cli_version: cliVersion } : {}),
  };
  // The Lua budget is wall time (100 ms): on a loaded machine a ~2 ms call can overrun it once.
  for (let attempt = 1; ; attempt++) {
    try {
      return rt.detectStatus(agent, screen, explain);
    } catch (err) {
      if (attempt >= 3 || !/stopped after/.test((err as Error).message)) throw err;
    }
  }
}

/** The corpus cases of corpus/state-detection (see its README). */
export interface CorpusCase {
  name: string;
  screen: string;
  expected: 'busy' | 'waiting_input' | 'idle';
  current_state: 'busy' | 'waiting_input' | 'idle';
  quiet_ms: number;
  depends_on_current?: boolean;
  needs_quiet?: boolean;
}

export const STATE: Record<string, string> = { busy: 'running', waiting_input: 'waiting', idle: 'idle' };

export function readCases(file: string): CorpusCase[] {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as CorpusCase[];
}

/** The agent CLIs the shipped configuration defines (lua/default/clis/), as the hub gets them. */
export async function shippedClis(user: Record<string, string> = {}): Promise<CliInfo[]> {
  const { rt } = await shippedRuntime(user);
  try {
    return rt.export().clis ?? [];
  } finally {
    rt.dispose();
  }
}
