import type { FocusReports } from '../terminal/focus-reports.js';

// Which agent has the focus, as its program hears it in focus reports (DEC mode 1004: it asked):
// the agent the hub's focus is on has it while the user's terminal has it; it loses it when the
// focus moves to another agent or the user's terminal loses it. tmux does the same with
// `focus-events on`, which is what the hub's tmux surface answers (src/tmux/options.ts).

export class AgentFocus {
  private focused: string | null = null;
  /** The user's terminal has the focus (until its own report says otherwise). */
  private terminalHas = true;

  constructor(private readonly reports: (id: string) => FocusReports | undefined) {}

  /** The hub's focus is on agent `id` now (null: on none). */
  follow(id: string | null): void {
    if (id === this.focused) return;
    const from = this.focused;
    this.focused = id;
    if (from !== null) this.reports(from)?.set(false);
    if (id !== null) this.reports(id)?.set(this.terminalHas);
  }

  /** An agent that came: the focus may have named it before it was there. */
  added(id: string): void {
    if (id === this.focused) this.reports(id)?.set(this.terminalHas);
  }

  /** The user's terminal gained (true) or lost the focus: its own focus report. */
  terminal(has: boolean): void {
    this.terminalHas = has;
    if (this.focused !== null) this.reports(this.focused)?.set(has);
  }
}
