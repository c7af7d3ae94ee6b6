// The hub's agents seen as tmux sees a server: one session, a window per team (an agent with the
// agents it started, at any depth, `split-window` among them), a pane per agent with `%N` its
// number. What a format asks of a pane is answered from the agent's row (`agents`).
import type { FormatValues } from './format.js';
import { TmuxError } from './grammar.js';
import { formatValues } from './options.js';

/** An agent as the `agents` verb lists it (the fields the surface reads). */
export interface PaneRow {
  id: string;
  name: string;
  command: string;
  cwd: string;
  state: string;
  program?: string;
  pid: number | null;
  exit_code: number | null;
  lead: string | null;
  /** The name `rename-window` gave the window it leads (absent: the window goes by its lead's name). */
  window?: string;
  cols: number;
  rows: number;
}

export const SESSION = 'botster';

export class Panes {
  private readonly byId: Map<string, PaneRow>;

  constructor(
    readonly rows: PaneRow[],
    /** The caller's own pane (its TMUX_PANE), when it is one of the hub's agents. */
    readonly self: string | null,
    private readonly host: { host: string; socket: string },
  ) {
    this.byId = new Map(rows.map((r) => [r.id, r]));
  }

  /** The team an agent is in: the agent at the top of who started whom. */
  window(id: string): string {
    let at = id;
    for (let n = 0; n < 64; n++) {
      const lead = this.byId.get(at)?.lead;
      if (!lead || !this.byId.has(lead)) return at;
      at = lead;
    }
    return at;
  }

  windows(): string[] {
    return [...new Set(this.rows.map((r) => this.window(r.id)))];
  }

  /** A window's panes: its lead first, then its team by number. */
  panesOf(window: string): PaneRow[] {
    return this.rows
      .filter((r) => this.window(r.id) === window)
      .sort((a, b) => (a.id === window ? -1 : b.id === window ? 1 : Number(a.id) - Number(b.id)));
  }

  row(id: string): PaneRow | undefined {
    return this.byId.get(id);
  }

  private selfRow(): PaneRow {
    const r = this.self ? this.byId.get(this.self) : undefined;
    if (!r) throw new TmuxError('no current target');
    return r;
  }

  /** The window a target names: `@N`, a window index or name, `session:window`, a pane's. */
  resolveWindow(target: string | undefined): string {
    if (!target) return this.window(this.selfRow().id);
    const t = target.replace(/^=/, '');
    const colon = t.indexOf(':');
    const win = colon >= 0 ? t.slice(colon + 1).replace(/\..*$/, '') : t.replace(/\..*$/, '');
    if (colon >= 0 && win === '')
      return this.self && this.byId.has(this.self) ? this.window(this.self) : this.windows()[0];
    if (win.startsWith('%')) return this.window(this.resolvePane(win).id);
    const n = win.startsWith('@') ? win.slice(1) : win;
    const found =
      this.windows().find((w) => w === n || this.windowName(w) === n) ??
      this.windows().find((w) => this.byId.get(w)?.name === n);
    if (found) return found;
    if (t === SESSION || t === '$0') return this.resolveWindow(undefined);
    throw new TmuxError(`can't find window: ${win}`);
  }

  /** The pane a target names: `%N`, `window.pane`, a window's active pane, or the caller's own. */
  resolvePane(target: string | undefined): PaneRow {
    if (!target) return this.selfRow();
    const t = target.replace(/^=/, '');
    const pane = /%(\d+)$/.exec(t);
    if (pane) {
      const r = this.byId.get(pane[1]);
      if (!r) throw new TmuxError(`can't find pane: %${pane[1]}`);
      return r;
    }
    const dot = /^(.*)\.(\d+)$/.exec(t);
    const window = this.resolveWindow(dot ? dot[1] || undefined : t);
    const panes = this.panesOf(window);
    if (dot) {
      const r = panes[Number(dot[2])];
      if (!r) throw new TmuxError(`can't find pane: ${dot[2]}`);
      return r;
    }
    return panes.find((r) => r.id === this.self) ?? panes[0];
  }

  /** A window's name: the one rename-window gave it, else its lead's. */
  windowName(window: string): string {
    const lead = this.byId.get(window);
    return lead?.window || lead?.name || window;
  }

  /** Whether a session of this name is served: the hub's own, or an agent `new-session -s` named. */
  hasSession(target: string): boolean {
    const t = target.replace(/^=/, '').replace(/:.*$/, '');
    return t === SESSION || t === '$0' || this.rows.some((r) => r.name === t);
  }

  /** Every format value of a pane, its window and the session. */
  values(r: PaneRow): FormatValues {
    const window = this.window(r.id);
    const panes = this.panesOf(window);
    const lead = this.byId.get(window) ?? r;
    const active = panes.some((p) => p.id === this.self) ? this.self : panes[0]?.id;
    const mine = this.self !== null && window === this.window(this.self);
    return {
      pane_id: `%${r.id}`,
      pane_index: String(panes.findIndex((p) => p.id === r.id)),
      pane_title: r.name,
      pane_pid: r.pid === null ? '' : String(r.pid),
      pane_current_command: r.program || r.command.split(/\s+/)[0] || '',
      pane_current_path: r.cwd,
      pane_start_command: r.command,
      pane_width: String(r.cols),
      pane_height: String(r.rows),
      pane_active: r.id === active ? '1' : '0',
      pane_dead: r.state === 'exited' ? '1' : '0',
      pane_dead_status: r.exit_code === null ? '' : String(r.exit_code),
      pane_top: '0',
      pane_left: '0',
      pane_in_mode: '0',
      pane_tty: '',
      window_id: `@${window}`,
      window_index: window,
      window_name: this.windowName(window),
      window_panes: String(panes.length),
      window_active: mine ? '1' : '0',
      window_flags: mine ? '*' : '',
      window_width: String(lead.cols),
      window_height: String(lead.rows),
      window_zoomed_flag: '0',
      window_bigger: '0',
      session_name: SESSION,
      session_id: '$0',
      session_windows: String(this.windows().length),
      session_attached: '1',
      client_termtype: 'xterm-256color',
      host: this.host.host,
      host_short: this.host.host.split('.')[0],
      socket_path: this.host.socket,
      version: '3.4',
      // (the options the hub holds: options.ts)
      ...formatValues(),
    };
  }
}
