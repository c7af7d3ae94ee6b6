// State-detection cases: screens of real agent CLIs with the state a user wants shown. The
// shipped ones (corpus/state-detection, from ccmanager's tests) and those the user saved
// (`botster-tui status AGENT --save-case STATE` -> $BOTSTER_HOME/corpus/PROGRAM.json) check status
// adapters: the conformance test and the review of improvements that add or replace one.
import fs from 'node:fs';
import path from 'node:path';

export type CaseState = 'busy' | 'waiting_input' | 'idle';

export interface CorpusCase {
  name: string;
  screen: string;
  expected: CaseState;
  current_state?: CaseState;
  quiet_ms?: number;
  needs_quiet?: boolean;
  depends_on_current?: boolean;
  title?: string;
  /** OSC 9;4 progress the screen had, as `status --progress` takes it: `normal:40`, `indeterminate`. */
  progress?: string;
  program?: string;
  reason?: string;
  source?: string;
  /** The CLI's release the screen came from (a CLI file's `versions` read it with that release's rules). */
  version?: string;
  /** The agent's terminal, "WIDTHxHEIGHT". */
  size?: string;
}

/** Progress as a case keeps it (`normal:40`, `indeterminate`), or undefined for none. */
export function progressText(p: { state: string; value: number } | null | undefined): string | undefined {
  if (!p) return undefined;
  return p.state === 'normal' ? `${p.state}:${p.value}` : p.state;
}

/** A case's progress as the adapters get it (screen.progress). */
export function progressOfCase(text: string | undefined): { state: string; value: number } | null {
  const m = /^(normal|error|indeterminate|paused)(?::(\d{1,3}))?$/.exec(text ?? '');
  return m ? { state: m[1], value: Math.min(100, Number(m[2] ?? 0)) } : null;
}

/** A case with where it came from and the program it is a screen of. */
export interface LoadedCase extends CorpusCase {
  file: string;
  program: string;
}

/** The usual program name of the CLI each shipped file is about. */
const PROGRAM_OF_FILE: Record<string, string> = { cursor: 'cursor-agent', 'github-copilot': 'copilot' };

const TO_STATE: Record<CaseState, 'running' | 'waiting' | 'idle'> = {
  busy: 'running',
  waiting_input: 'waiting',
  idle: 'idle',
};
const FROM_STATE: Record<string, CaseState> = {
  running: 'busy',
  waiting: 'waiting_input',
  idle: 'idle',
  done: 'idle',
};

export const toState = (s: CaseState) => TO_STATE[s];
export const toCaseState = (s: string): CaseState | undefined => FROM_STATE[s];

/** Every case of the *.json files in `dir` (none when it does not exist); a broken file is an error naming it. */
export function readCorpus(dir: string): LoadedCase[] {
  let names: string[];
  try {
    names = fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: LoadedCase[] = [];
  for (const n of names) {
    const file = path.join(dir, n);
    let list: unknown;
    try {
      list = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`${file}: ${(err as Error).message}`);
    }
    if (!Array.isArray(list)) throw new Error(`${file}: not a list of cases`);
    const base = n.slice(0, -'.json'.length);
    list.forEach((c: CorpusCase, i) => {
      if (!c || typeof c.screen !== 'string' || !(c.expected in TO_STATE))
        throw new Error(
          `${file}: case ${i + 1} needs a screen and an expected state (busy, waiting_input or idle)`,
        );
      out.push({
        ...c,
        name: c.name ?? `${base} #${i + 1}`,
        file,
        program: c.program ?? PROGRAM_OF_FILE[base] ?? base,
      });
    });
  }
  return out;
}

/**
 * Whether a case classifies a screen (the corpus README): not those whose answer is "keep the
 * current state", nor debounce checks (Claude's idle before 1.5 s of quiet).
 */
export function counted(c: CorpusCase): boolean {
  if (c.depends_on_current) return false;
  if (c.needs_quiet && (c.quiet_ms ?? 0) < 1500) return false;
  return true;
}

/** What the adapters get for a case: the agent and its screen facts. */
export function caseInput(c: LoadedCase): {
  agent: Record<string, unknown>;
  screen: Record<string, unknown>;
} {
  const state = c.current_state ? TO_STATE[c.current_state] : 'idle';
  const agent = {
    id: 'case',
    name: c.program,
    program: c.program,
    command: c.program,
    cwd: '/',
    title: c.title ?? '',
    state,
    reason: null,
    ...(c.version ? { cli_version: c.version } : {}),
  };
  const screen = {
    lines: c.screen.split('\n').map((l) => l.trimEnd()),
    title: c.title ?? '',
    progress: progressOfCase(c.progress),
    at_prompt: false,
    bell: false,
    notification: null,
    osc: {},
    quiet: (c.quiet_ms ?? 0) / 1000,
    state,
  };
  return { agent, screen };
}

export interface CaseResult {
  case: LoadedCase;
  got: string | null;
  ok: boolean;
}

/** Runs the cases that count through `detect` (the adapters' answer: a state or null). */
export async function runCases(
  cases: LoadedCase[],
  detect: (
    agent: Record<string, unknown>,
    screen: Record<string, unknown>,
  ) => Promise<string | null> | string | null,
): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const c of cases) {
    if (!counted(c)) continue;
    const { agent, screen } = caseInput(c);
    const got = await detect(agent, screen);
    out.push({ case: c, got, ok: got === TO_STATE[c.expected] });
  }
  return out;
}

/** A case as a saved screen (`--save-case`), in the corpus format. */
export function savedCase(o: {
  program: string;
  lines: string[];
  title: string;
  progress?: { state: string; value: number } | null;
  expected: string;
  agentName: string;
  quietMs: number;
  reason?: string | null;
  /** "WIDTHxHEIGHT" of the agent's terminal. */
  size?: string;
  /** The CLI's release, when the hub read it. */
  version?: string | null;
}): CorpusCase {
  const expected = toCaseState(o.expected);
  if (!expected)
    throw new Error(`--save-case: the state must be running, waiting or idle, not "${o.expected}"`);
  const lines = [...o.lines];
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  const when = new Date().toISOString();
  return {
    name: `${o.program} saved from ${o.agentName} ${when}`,
    screen: lines.join('\n'),
    expected,
    ...(o.title ? { title: o.title } : {}),
    ...(progressText(o.progress) ? { progress: progressText(o.progress) } : {}),
    program: o.program,
    quiet_ms: Math.round(o.quietMs),
    ...(o.reason ? { reason: o.reason } : {}),
    ...(o.version ? { version: o.version } : {}),
    ...(o.size ? { size: o.size } : {}),
    source: `saved with botster-tui status --save-case, ${when}`,
  };
}

/** Appends a case to $BOTSTER_HOME/corpus/PROGRAM.json (atomically: a crash leaves the old file). */
export function appendCase(home: string, c: CorpusCase): string {
  const dir = path.join(home, 'corpus');
  fs.mkdirSync(dir, { recursive: true });
  const safe = (c.program ?? 'agent').replace(/[^\w.-]/g, '_') || 'agent';
  const file = path.join(dir, `${safe}.json`);
  let list: CorpusCase[] = [];
  try {
    list = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!Array.isArray(list)) throw new Error('not a list of cases');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new Error(`${file}: ${(err as Error).message} (nothing saved)`);
  }
  list.push(c);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(list, null, 1) + '\n');
  fs.renameSync(tmp, file);
  return file;
}
