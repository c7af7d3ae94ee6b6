import type { Agent } from '../agents/agent.js';
import { readAgent } from '../agents/agent-screen.js';

// Each agent's screen as session.json last recorded it, and the screen's version then: the record
// is written again at every agent's state change, and reading a hundred idle screens each time
// held up the keys typed meanwhile.

export class ScreenTexts {
  private readonly screens = new WeakMap<Agent['terminal'], { version: number; lines: string[] }>();

  /** Its screen as text, each line without its trailing blanks; read again only once it changed. */
  of(a: Agent): string[] {
    const t = a.terminal;
    const kept = this.screens.get(t);
    if (kept && t.changedRows(kept.version) === null) return kept.lines;
    const version = t.screenVersion;
    const lines = readAgent(a).map((l) => l.trimEnd());
    this.screens.set(t, { version, lines });
    return lines;
  }
}
