// What each tmux command does on the hub: one or more verbs on its socket, as the agent that runs
// it (the hub knows the caller from the kernel, and holds it to the drive rules: an agent drives the
// agents it started, `split-window` among them, and asks the user for the rest). Commands about a
// pane's look and place change nothing: the hub lays out its panels itself.
import { expand } from './format.js';
import { TmuxError, type TmuxCommand } from './grammar.js';
import { keyRuns } from './keys.js';
import { Panes, SESSION, type PaneRow } from './model.js';
import { showOptions } from './options.js';

/** What the surface needs of the hub and of the process it runs in. */
export interface SurfaceHub {
  /** One verb; its answer, or a TmuxError saying why not (the hub's own words). */
  call(verb: string, args: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** The caller's pane (its TMUX_PANE: `%N`), its folder and shell. */
  self: string | null;
  cwd: string;
  shell: string;
  host: string;
  socket: string;
  out(text: string): void;
  /** What the command reads on stdin (`load-buffer -`). */
  stdin(): Promise<string>;
}

const DEFAULT_FORMATS: Record<string, string> = {
  'split-window': '#{session_name}:#{window_index}.#{pane_index}',
  'new-window': '#{session_name}:#{window_index}',
  'new-session': '#{session_name}:',
  'list-panes':
    '#{pane_index}: [#{pane_width}x#{pane_height}] #{pane_id}#{?pane_active, (active),}#{?pane_dead, (dead),}',
  'list-windows': '#{window_index}: #{window_name}#{window_flags} (#{window_panes} panes) #{window_id}',
  'list-sessions': '#{session_name}: #{session_windows} windows (attached)',
};

/** Asked of a pane's look or place (the hub's layout decides): done, changing nothing. */
const LOOKS = new Set([
  'refresh-client',
  'resize-pane',
  'resize-window',
  'select-layout',
  'select-window',
  'set-environment',
  'set-option',
  'set-window-option',
  'start-server',
  'list-clients',
  'show-environment',
]);

async function panes(hub: SurfaceHub): Promise<Panes> {
  const { agents } = (await hub.call('agents', {})) as { agents: PaneRow[] };
  return new Panes(agents, hub.self?.replace(/^%/, '') ?? null, hub);
}

const flag = (c: TmuxCommand, f: string): string | undefined => {
  const v = c.flags.get(f);
  return typeof v === 'string' ? v : undefined;
};

/** The command a new pane runs: none (the user's shell), a shell command line, or a program and its words. */
function commandOf(c: TmuxCommand, hub: SurfaceHub): { command: string; args?: string[] } {
  const env = c.flags.has('e') ? [flag(c, 'e') as string] : [];
  const words = c.words.length ? c.words : [hub.shell];
  if (env.length) {
    const line = words.length === 1 ? ['/bin/sh', '-c', words[0]] : words;
    return { command: 'env', args: [...env, ...line] };
  }
  return words.length === 1 ? { command: words[0] } : { command: words[0], args: words.slice(1) };
}

/** `split-window`, `new-window`, `new-session`: a new agent, the caller's (it drives it freely). */
async function newPane(c: TmuxCommand, hub: SurfaceHub): Promise<void> {
  const before = await panes(hub);
  const target = c.name === 'split-window' ? before.resolvePane(flag(c, 't')) : null;
  const name = c.name === 'new-session' ? (flag(c, 's') ?? flag(c, 'n')) : flag(c, 'n');
  const { agent } = (await hub.call('new', {
    ...commandOf(c, hub),
    // (tmux never refuses a name: one another agent has, or the hub's, gets -2, -3... here)
    ...(name ? { name, suffix: true } : {}),
    cwd: flag(c, 'c') ?? target?.cwd ?? hub.cwd,
    focus: false,
  })) as { agent: PaneRow };
  if (!c.flags.has('P')) return;
  const after = await panes(hub);
  const row = after.row(agent.id) ?? agent;
  hub.out(expand(flag(c, 'F') ?? DEFAULT_FORMATS[c.name], after.values(row)) + '\n');
}

async function sendKeys(c: TmuxCommand, hub: SurfaceHub): Promise<void> {
  if (c.flags.has('X')) throw new TmuxError('send-keys -X: the hub has no copy mode');
  const p = await panes(hub);
  const pane = p.resolvePane(flag(c, 't'));
  let words = c.words;
  if (c.flags.has('H'))
    words = [words.map((h) => String.fromCharCode(parseInt(h.replace(/^0x/, ''), 16))).join('')];
  const repeat = Math.max(1, Math.min(1000, Number(flag(c, 'N') ?? 1) || 1));
  for (let n = 0; n < repeat; n++)
    for (const run of keyRuns(words, c.flags.has('l') || c.flags.has('H')))
      await hub.call('send', { agent: pane.id, ...run });
}

/** `capture-pane -p [-S start] [-E end]`: lines as tmux numbers them (0 the screen's top, negative the history). */
async function capture(c: TmuxCommand, hub: SurfaceHub): Promise<void> {
  const p = await panes(hub);
  const pane = p.resolvePane(flag(c, 't'));
  if (!c.flags.has('p')) return; // (into a paste buffer: the hub keeps none)
  const ansi = c.flags.has('e');
  const all = (await hub.call('read', { agent: pane.id, scrollback: true, ansi })) as {
    lines: string[];
    rows: number;
  };
  const screen = (await hub.call('read', { agent: pane.id, ansi })) as { lines: string[]; rows: number };
  const history = Math.max(0, all.lines.length - screen.lines.length);
  const lines = [...all.lines.slice(0, history), ...screen.lines];
  while (lines.length < history + screen.rows) lines.push('');
  const at = (v: string | undefined, dflt: number) =>
    v === undefined ? dflt : v === '-' ? (dflt === 0 ? -history : screen.rows - 1) : Number(v) || 0;
  const start = Math.max(-history, at(flag(c, 'S'), 0));
  const end = Math.min(screen.rows - 1, at(flag(c, 'E'), screen.rows - 1));
  for (let i = start; i <= end; i++) hub.out(`${lines[history + i] ?? ''}\n`);
}

/** A pane killed in tmux is gone: once its agent has exited (its hangup took), off the list too. */
async function gone(hub: SurfaceHub, id: string): Promise<void> {
  for (let n = 0; n < 100; n++) {
    const closed = await hub.call('close', { agent: id }).then(
      () => true,
      (e: Error) => (/is running/.test(e.message) ? false : Promise.reject(e)),
    );
    if (closed) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function kill(c: TmuxCommand, hub: SurfaceHub): Promise<void> {
  const p = await panes(hub);
  let ids: string[];
  if (c.name === 'kill-pane') {
    const pane = p.resolvePane(flag(c, 't'));
    ids = c.flags.has('a')
      ? p
          .panesOf(p.window(pane.id))
          .filter((r) => r.id !== pane.id)
          .map((r) => r.id)
      : [pane.id];
  } else if (c.name === 'kill-window') ids = p.panesOf(p.resolveWindow(flag(c, 't'))).map((r) => r.id);
  else {
    const t = flag(c, 't');
    if (!t || !p.hasSession(t) || t.replace(/^=/, '') === SESSION || t === '$0')
      throw new TmuxError("kill-session: the hub's own session is the user's (kill its panes one by one)");
    const named = p.rows.find((r) => r.name === t.replace(/^=/, ''));
    ids = named ? p.panesOf(p.window(named.id)).map((r) => r.id) : [];
  }
  // Each its own verb: one the caller may not stop is refused (or asked for), the rest still go.
  const refused: string[] = [];
  for (const id of ids.reverse())
    await hub
      .call('kill', { agent: id })
      .then(() => gone(hub, id))
      .catch((e: Error) => refused.push(e.message));
  if (refused.length) throw new TmuxError(refused.join('; '));
}

async function respawn(c: TmuxCommand, hub: SurfaceHub): Promise<void> {
  const p = await panes(hub);
  const pane = p.resolvePane(flag(c, 't'));
  if (!c.flags.has('k') && pane.state !== 'exited')
    throw new TmuxError(`respawn-pane: pane %${pane.id} still active`);
  const cwd = flag(c, 'c');
  await hub.call('restart', {
    agent: pane.id,
    ...(c.words.length || c.flags.has('e') ? commandOf(c, hub) : {}),
    ...(cwd ? { cwd } : {}),
  });
}

async function display(c: TmuxCommand, hub: SurfaceHub): Promise<void> {
  if (!c.flags.has('p')) return; // (shown in tmux's status line: the hub has none for it)
  const p = await panes(hub);
  const fmt = flag(c, 'F') ?? c.words.join(' ');
  hub.out(expand(fmt, p.values(p.resolvePane(flag(c, 't')))) + '\n');
}

async function list(c: TmuxCommand, hub: SurfaceHub): Promise<void> {
  const p = await panes(hub);
  const fmt = flag(c, 'F') ?? DEFAULT_FORMATS[c.name];
  let rows: PaneRow[];
  if (c.name === 'list-panes')
    rows =
      c.flags.has('a') || c.flags.has('s')
        ? p.windows().flatMap((w) => p.panesOf(w))
        : p.panesOf(p.resolveWindow(flag(c, 't')));
  else if (c.name === 'list-windows') rows = p.windows().map((w) => p.row(w) as PaneRow);
  else rows = p.rows.slice(0, 1);
  for (const r of rows) hub.out(expand(fmt, p.values(r)) + '\n');
}

/** Runs one command. */
export async function runCommand(c: TmuxCommand, hub: SurfaceHub): Promise<void> {
  switch (c.name) {
    case 'split-window':
    case 'new-window':
    case 'new-session':
      return newPane(c, hub);
    case 'send-keys':
      return sendKeys(c, hub);
    case 'capture-pane':
      return capture(c, hub);
    case 'kill-pane':
    case 'kill-window':
    case 'kill-session':
      return kill(c, hub);
    case 'kill-server':
      throw new TmuxError(
        "kill-server: the hub is the user's to stop (botster-tui kill-server, from outside its agents)",
      );
    case 'respawn-pane':
      return respawn(c, hub);
    case 'display-message':
      return display(c, hub);
    case 'list-panes':
    case 'list-windows':
    case 'list-sessions':
      return list(c, hub);
    case 'has-session': {
      const p = await panes(hub);
      const t = flag(c, 't') ?? SESSION;
      if (!p.hasSession(t)) throw new TmuxError(`can't find session: ${t}`);
      return;
    }
    case 'select-pane': {
      const title = flag(c, 'T');
      if (title === undefined) return; // (which pane is active: the user's focus is not an agent's to move)
      const p = await panes(hub);
      // A title another agent has (or the hub's, or a number) gets -2, -3...: tmux never refuses one.
      await hub.call('rename', { agent: p.resolvePane(flag(c, 't')).id, name: title, suffix: true });
      return;
    }
    case 'rename-window': {
      const name = c.words[0];
      if (name === undefined) throw new TmuxError('rename-window: a new name is needed');
      const p = await panes(hub);
      // The window's own name (kept on its lead): no agent is renamed.
      await hub.call('rename', { agent: p.resolveWindow(flag(c, 't')), name, window: true });
      return;
    }
    case 'show-options':
      for (const line of showOptions(c)) hub.out(`${line}\n`);
      return;
    case 'load-buffer':
    case 'set-buffer':
      if (c.name === 'load-buffer' && c.words[0] === '-') await hub.stdin();
      return; // (the hub keeps no paste buffers: what an agent copies reaches the user's terminal)
    case 'attach-session':
    case 'switch-client':
    case 'detach-client':
      throw new TmuxError(`${c.name}: the hub's agents are seen in botster-tui, not in a tmux client`);
    case 'wait-for':
      throw new TmuxError('wait-for: not served by the hub (botster-tui wait waits for an agent)');
    default:
      if (LOOKS.has(c.name)) return;
      throw new TmuxError(`unknown command: ${c.name}`);
  }
}
