// What a program says about itself in OSC sequences beside its title: its folder (OSC 7), shell
// prompt marks (OSC 133), OSC 9;4 progress (agent CLIs draw it while they work), the desktop
// notices it asks for (OSC 9, OSC 777: "Claude needs your permission") and state marks (Codex's
// OSC 7501 "state=working:app=codex"). Facts for the hub and the status adapters; none is drawn.
import type { IDisposable, Terminal } from '@xterm/headless';

/** Notices and marks are short sentences; a longer payload is cut (a flood must not grow them). */
const MAX_MARK = 500;

/** OSC 9;4 progress: `normal` with a value, `error`, `indeterminate` (a spinner), `paused`. */
export interface Progress {
  state: 'normal' | 'error' | 'indeterminate' | 'paused';
  value: number;
}

/** Parses `file://host/path` (OSC 7) into a path; null when it is not a file URL. */
export function parseOsc7(data: string): string | null {
  const m = /^file:\/\/[^/]*(\/.*)?$/.exec(data.trim());
  if (!m) return null;
  const raw = m[1] ?? '/';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

const PROGRESS_STATES = [null, 'normal', 'error', 'indeterminate', 'paused'] as const;

/** `4;ST;PR` (ST 0 removes it; 1 normal, 2 error, 3 indeterminate, 4 paused; PR 0-100). */
export function parseProgress(data: string): Progress | null {
  const [, st = '0', pr = '0'] = data.split(';');
  const state = PROGRESS_STATES[Number(st)] ?? null;
  if (!state) return null;
  const value = Math.max(0, Math.min(100, Number.parseInt(pr, 10) || 0));
  return { state, value };
}

export class OscFacts {
  /** The folder the program said it is in (OSC 7), if it did. */
  cwd: string | null = null;
  /** The last OSC 133 mark: A/B a prompt shows, C/D a command runs/ended. */
  private promptMark = '';
  /** The last OSC 9;4 progress (null: none, or the program removed it). */
  progress: Progress | null = null;
  /** The last desktop notice asked for, with when (performance.now()). */
  notification: { text: string; at: number } | null = null;
  /** The last payload of state OSCs, by code. */
  readonly marks: Record<string, string> = {};

  /** A shell marked its prompt (OSC 133 A or B last). */
  get atPrompt(): boolean {
    return this.promptMark === 'A' || this.promptMark === 'B';
  }

  register(parser: Terminal['parser'], cwdChanged: (cwd: string) => void): IDisposable[] {
    return [
      parser.registerOscHandler(7, (data) => {
        const cwd = parseOsc7(data);
        if (cwd !== null) {
          this.cwd = cwd;
          cwdChanged(cwd);
        }
        return true;
      }),
      parser.registerOscHandler(133, (data) => {
        this.promptMark = data.charAt(0);
        return true;
      }),
      parser.registerOscHandler(9, (data) => {
        if (data.startsWith('4;') || data === '4') this.progress = parseProgress(data);
        else this.noted(data);
        return true;
      }),
      parser.registerOscHandler(777, (data) => {
        const [kind, title = '', ...body] = data.split(';');
        if (kind === 'notify') this.noted(body.length ? `${title}: ${body.join(';')}` : title);
        return true;
      }),
      parser.registerOscHandler(7501, (data) => {
        this.marks['7501'] = data.slice(0, MAX_MARK);
        return true;
      }),
    ];
  }

  private noted(text: string): void {
    this.notification = { text: text.slice(0, MAX_MARK), at: performance.now() };
  }
}
