import type { Agent } from './agent.js';
import { ansiLine } from '../terminal/ansi-line.js';

// What `botster-tui read` prints and `wait --until output:REGEX` matches: an agent's screen as text.

export interface ReadOptions {
  /** Only the last N lines (after trailing blank lines are dropped). */
  lines?: number;
  /** The scrollback above the screen too. */
  scrollback?: boolean;
  /** Keep colours and attributes (SGR). */
  ansi?: boolean;
}

/** The agent's visible screen (or all it holds, with scrollback), trailing blank lines dropped. */
export function readAgent(agent: Agent, opts: ReadOptions = {}): string[] {
  const t = agent.terminal;
  const total = t.lineCount;
  // The visible screen is the last `rows` lines held; scrollback is everything above it.
  const first = opts.scrollback ? 0 : Math.max(0, total - t.rows);
  const out: string[] = [];
  for (let i = first; i < total; i++) out.push(opts.ansi ? ansiLine(t.lineRuns(i)) : t.lineText(i));
  while (out.length > 0 && (opts.ansi ? stripSgr(out[out.length - 1]) : out[out.length - 1]).trim() === '')
    out.pop();
  return opts.lines !== undefined ? out.slice(Math.max(0, out.length - opts.lines)) : out;
}

/** The visible screen as `read` prints it by default. */
export function screenText(agent: Agent): string {
  return readAgent(agent).join('\n');
}

function stripSgr(s: string): string {
  return s.replace(/\x1b\[[0-9;]*m/g, '');
}
