// Which agent may drive which: an agent types into, stops and reads the agents it started (`new`
// from inside it) freely, and itself; any other agent (the user's own shell among them) only once
// the user said yes for that pair, in the hub, with a deliberate key. settings.agents_drive_others
// opens every pair for orchestration but one: the user's own plain shells (started by hand, not by
// an agent) are still asked for. The answer is remembered for the pair while both live.
import path from 'node:path';
import { answerWithin } from '../clock/answer-within.js';
import type { AgentSpec } from '../agents/types.js';

/** Programs that are a shell: an agent running one bare is the user's own terminal. */
const SHELLS = new Set([
  'sh',
  'bash',
  'zsh',
  'fish',
  'dash',
  'ksh',
  'mksh',
  'tcsh',
  'csh',
  'nu',
  'elvish',
  'xonsh',
]);

/**
 * Whether `program` (a name or path, an agent's foreground program) is a shell: the user's
 * (`shell`, $SHELL) or any other. What is typed into one it runs as commands.
 */
export function isShellProgram(program: string, shell: string): boolean {
  const name = path.basename(program).replace(/^-/, '');
  return name !== '' && (name === path.basename(shell) || SHELLS.has(name));
}

/**
 * Whether `spec` starts a plain shell: the user's (`shell`, $SHELL) or any other, with no profile,
 * no script and no command line of its own (`-l`, `-i` and the like are still a plain shell).
 */
export function isPlainShell(spec: AgentSpec, shell: string): boolean {
  if (spec.profile) return false;
  const words = spec.args ? [spec.command, ...spec.args] : spec.command.trim().split(/\s+/);
  if (!isShellProgram(words[0] ?? '', shell)) return false;
  // Flags only (`-l`, `--login`), none that takes a command line (`-c`, `-lc`, `--command`).
  return words
    .slice(1)
    .every((w) => (/^-[a-z]+$/i.test(w) && !w.includes('c')) || (/^--[a-z-]+$/.test(w) && w !== '--command'));
}

export interface AgentDriveHost {
  agentName(id: string): string | null;
  /** A hub event for hooks (agent_drive_asked: lua/default/drive.lua asks the user). */
  emit(event: string, payload: Record<string, unknown>): void;
  notify(text: string, level?: 'info' | 'error'): void;
  /** settings.agents_drive_others: every agent may drive every other (but the user's own shells). */
  open(): boolean;
  /** Whether agent `id` runs a plain shell (isPlainShell): one the user started by hand is theirs. */
  plainShell(id: string): boolean;
  /**
   * How long a request waits for the user's answer before it is refused (the answer still counts):
   * `held`, its caller keeps waiting while connected (told so: the CLI, MCP), Infinity for as long.
   */
  waitMs(held: boolean): number;
  /** `child` is `lead`'s from now (the agent list shows it under its lead). */
  led?(child: string, lead: string): void;
}

interface Pending {
  from: string;
  to: string;
  answered: (allow: boolean) => void;
}

/** Questions of one agent that may wait at once (more are refused: no flood of questions). */
const MAX_WAITING_PER_AGENT = 3;

export class AgentDrive {
  private readonly parent = new Map<string, string>();
  /**
   * The agents a plugin, an improvement or an untrusted project started, and every agent one of
   * them started in turn: who started the first ("plugin git-tools"). Kept per agent (not walked up
   * the parents) so it outlives the agents in between.
   */
  private readonly byLua = new Map<string, string>();
  private readonly pairs = new Map<string, boolean>();
  private readonly pending = new Map<string, Pending>();
  private last = 0;

  constructor(private readonly host: AgentDriveHost) {}

  /** `child` was started by agent `parent` (its `new`, its pipeline's steps). */
  started(child: string, parent: string): void {
    this.parent.set(child, parent);
    this.host.led?.(child, parent);
    const lua = this.byLua.get(parent);
    if (lua !== undefined) this.byLua.set(child, lua);
  }

  /** `child` was started by sandboxed Lua: `who` ("plugin NAME", "improvement NAME", ...). */
  startedByLua(child: string, who: string): void {
    this.byLua.set(child, who);
  }

  /** Who of the plugins, improvements and untrusted projects started `id` or an agent it descends from. */
  luaAncestry(id: string): string | undefined {
    return this.byLua.get(id);
  }

  /**
   * Whether sandboxed Lua `lua` ("improvement NAME") may `what` agent `to`: one it started (or an
   * agent of those started), or one the agent that pushed it (`pusher`) may drive, asking the user
   * for the pair as that agent's own request would. Pushed by no agent (dropped in as a file): only
   * its own.
   */
  async luaMay(
    lua: string,
    pusher: string | null | undefined,
    to: string,
    what: string,
    signal?: AbortSignal,
  ): Promise<boolean> {
    if (this.byLua.get(to) === lua) return true;
    return pusher ? this.ask(pusher, to, what, signal) : false;
  }

  /** The agent that started `id`, if an agent did. */
  startedBy(id: string): string | undefined {
    return this.parent.get(id);
  }

  /**
   * Whether `from` may drive `to` without asking: itself, one it started (at any depth), the user
   * said yes, or settings.agents_drive_others, unless `to` is the user's own shell.
   */
  may(from: string, to: string): boolean {
    if (from === to) return true;
    for (let at = this.parent.get(to), n = 0; at !== undefined && n < 64; at = this.parent.get(at), n++)
      if (at === from) return true;
    if (this.pairs.get(`${from}>${to}`) === true) return true;
    return this.host.open() && !this.usersShell(to);
  }

  /** Agent `id` is a plain shell no agent started: the user's own, never opened by the setting. */
  usersShell(id: string): boolean {
    return !this.parent.has(id) && this.host.plainShell(id);
  }

  /**
   * Asks the user whether `from` may `what` `to` (resolves with the answer, or false once the wait
   * ran out or the asker hung up: the answer, when it comes, is remembered for the next time).
   * `wait.started` is told when the request starts waiting for the user, and for how long (null:
   * while the caller waits; `wait.held`, it keeps waiting while connected).
   */
  async ask(
    from: string,
    to: string,
    what: string,
    signal?: AbortSignal,
    wait?: { held: boolean; started: (ms: number | null) => void },
  ): Promise<boolean> {
    if (this.may(from, to)) return true;
    if (this.pairs.get(`${from}>${to}`) === false) return false;
    // A caller that is no listed agent (one the hub could not tell) is refused, not asked about.
    if (this.host.agentName(from) === null) return false;
    const waiting = [...this.pending.values()].filter((p) => p.from === from);
    const same = waiting.find((p) => p.to === to);
    const answer = same
      ? new Promise<boolean>((resolve) => {
          const before = same.answered;
          same.answered = (a) => (before(a), resolve(a));
        })
      : waiting.length >= MAX_WAITING_PER_AGENT
        ? Promise.resolve(false)
        : this.question(from, to, what);
    const aborted = new Promise<null>((resolve) => signal?.addEventListener('abort', () => resolve(null)));
    const ms = this.host.waitMs(wait?.held === true);
    if (same || waiting.length < MAX_WAITING_PER_AGENT) wait?.started(Number.isFinite(ms) ? ms : null);
    return (await answerWithin(Promise.race([answer, aborted]), ms)) === true;
  }

  /** The user's answer for the pair, while both live: true let, false refused, undefined none yet. */
  verdict(from: string, to: string): boolean | undefined {
    return this.pairs.get(`${from}>${to}`);
  }

  private question(from: string, to: string, what: string): Promise<boolean> {
    const request = `d${++this.last}`;
    const answer = new Promise<boolean>((resolve) =>
      this.pending.set(request, { from, to, answered: resolve }),
    );
    const name = (id: string) => this.host.agentName(id) ?? `agent ${id}`;
    this.host.emit('agent_drive_asked', {
      request,
      from: { id: from, name: name(from) },
      to: { id: to, name: name(to) },
      what,
    });
    return answer;
  }

  /** The user's answer (the latest question if none is named); what happened, to show. */
  answer(allow: boolean, request?: string): string {
    const key = request || [...this.pending.keys()].pop();
    const p = key ? this.pending.get(key) : undefined;
    if (!key || !p)
      return request ? `no agent's question ${request} waits for you` : 'no agent asks to drive another';
    this.pending.delete(key);
    this.pairs.set(`${p.from}>${p.to}`, allow);
    p.answered(allow);
    const from = this.who(p.from);
    const to = this.who(p.to);
    return allow ? `${from} may now type into, read and stop ${to}` : `${from} may not drive ${to}`;
  }

  /** An agent as the hub names it to you: its name and the id the hub gave it (`agent sh (id 2)`). */
  private who(id: string): string {
    const name = this.host.agentName(id);
    return name === null ? `agent ${id}` : `agent ${name} (id ${id})`;
  }

  /** An agent left the list: its pairs and its questions go with it. */
  removed(id: string): void {
    this.parent.delete(id);
    this.byLua.delete(id);
    for (const k of [...this.pairs.keys()])
      if (k.startsWith(`${id}>`) || k.endsWith(`>${id}`)) this.pairs.delete(k);
    for (const [k, p] of this.pending)
      if (p.from === id || p.to === id) {
        this.pending.delete(k);
        p.answered(false);
      }
  }
}
