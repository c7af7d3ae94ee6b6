// What the status adapters get about one agent's screen (the contract in lua/core/status.lua):
// the visible rows (never scrollback), the title, OSC 9;4 progress, OSC 133 prompt marks, the
// bell, and how long it has been quiet.
import type { Progress } from '../terminal/headless-terminal.js';

/** The part of a terminal the facts are read from. */
export interface ScreenSource {
  readonly rows: number;
  readonly cols?: number;
  readonly title: string;
  readonly progress: Progress | null;
  readonly atPrompt: boolean;
  readonly notification: { text: string; at: number } | null;
  readonly oscMarks: Readonly<Record<string, string>>;
  /** The text of visible row y (0 = top). */
  rowText(y: number): string;
}

export interface ScreenFacts {
  lines: string[];
  title: string;
  progress: Progress | null;
  at_prompt: boolean;
  bell: boolean;
  /** The last desktop notice the program asked for (OSC 9 / 777) and how long ago (s). */
  notification: { text: string; age: number } | null;
  /** The last payload of state OSCs by code, e.g. osc["7501"] = "state=working:app=codex". */
  osc: Record<string, string>;
  /** Seconds since the last output. */
  quiet: number;
  /** The hub's current state of the agent. */
  state: string;
  /** The terminal, "WIDTHxHEIGHT" (what a saved case records). */
  size?: string;
}

export function screenFacts(
  t: ScreenSource,
  o: { bell: boolean; quietMs: number; state: string; atPrompt?: boolean },
): ScreenFacts {
  const lines: string[] = [];
  for (let y = 0; y < t.rows; y++) lines.push(t.rowText(y).trimEnd());
  const n = t.notification;
  const notification = n ? { text: n.text, age: Math.max(0, performance.now() - n.at) / 1000 } : null;
  return {
    lines,
    title: t.title,
    progress: t.progress,
    at_prompt: t.atPrompt || o.atPrompt === true,
    bell: o.bell,
    notification,
    osc: { ...t.oscMarks },
    quiet: Math.max(0, o.quietMs) / 1000,
    state: o.state,
    ...(t.cols ? { size: `${t.cols}x${t.rows}` } : {}),
  };
}
