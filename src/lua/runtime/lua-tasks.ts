// What one Lua state waits for: its timers, HTTP requests, processes and git commands. They run
// here, in the worker's event loop, never blocking it; what finishes is queued as due and the
// host is told (`taskHooks.due`), once, until it asks for the queue: the main thread then runs the
// due callbacks like a hook (ConfigRuntime.runDue, under the state's budget, with the hub's view),
// so Lua never runs behind the hub's back and a flood of timers is one call at a time.
// Nothing starts before the configuration goes live (`activate`: a `check` or a trial load starts
// nothing); `stop` (the configuration was replaced or disposed) clears the timers, aborts the
// requests and drops results; processes run on to their end or timeout, unheard.
import {
  httpRequest,
  HTTP_DEFAULT_MAX_BYTES,
  HTTP_DEFAULT_TIMEOUT_MS,
  HTTP_MAX_BYTES,
  HTTP_MAX_TIMEOUT_MS,
} from '../io/http-request.js';
import { runProcess, PROCESS_DEFAULT_TIMEOUT_MS, PROCESS_MAX_TIMEOUT_MS } from '../io/run-process.js';
import { gitFacts, GIT_OPS, type GitOp } from '../io/git-facts.js';
import { gitDenied, netDenied, runDenied, type TaskGrant } from './task-grants.js';

export const MAX_TIMERS = 1000;
/** A repeating timer fires at most this often (a 1 ms `every` would be a busy loop). */
export const MIN_EVERY_MS = 100;
/** Requests and processes in flight per state. */
export const MAX_INFLIGHT = 64;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What the worker hears (set once by it; tests set their own). */
export const taskHooks = {
  /** Callbacks of `owner`'s state (null: the configuration's) are due: ask for them. */
  due: (_owner: string | null) => {},
  /**
   * A process started (alive) or ended: the host stops those a killed worker left. `who`: the
   * sandboxed Lua that ran it (`plugin ci`, `improvement x`, `project y`), null for your own files.
   */
  pid: (_pid: number, _alive: boolean, _who: string | null) => {},
  /** A task failed (a timeout, no answer, a process stopped): the hub's log hears `file:line: message`. */
  log: (_level: string, _message: string) => {},
};

export interface Due {
  id: number;
  result?: unknown;
  /** A repeating timer: its callback stays. */
  keep?: boolean;
}

type Starter = () => { abort(): void } | null;

export class LuaTasks {
  private state: 'pending' | 'live' | 'stopped' = 'pending';
  private nextId = 1;
  private readonly timers = new Map<number, { ms: number; every: boolean; handle?: NodeJS.Timeout }>();
  private readonly inflight = new Map<number, { abort(): void } | null>();
  private readonly waiting: Array<[number, Starter]> = [];
  private readonly processes = new Set<number>();
  private due: Due[] = [];
  private readonly dueIds = new Set<number>();
  private told = false;

  constructor(
    readonly owner: string | null,
    private readonly grant: TaskGrant,
  ) {}

  /** Set while the state draws (App:render, layout pieces): drawing never starts anything. */
  drawing = false;

  private notWhileDrawing(what: string): void {
    if (this.drawing)
      throw new Error(
        `${what}: not while drawing (App:render, a layout piece); start it from a timer or a hook and draw what it got`,
      );
  }

  /** Host functions for the state's core Lua (lua/core/tasks.lua). */
  hostFunctions(): Record<string, (...args: unknown[]) => unknown> {
    return {
      __host_timer: (ms, every) => this.timer(ms, every === true),
      __host_task: (kind, spec) => this.start(String(kind), spec),
      __host_task_stop: (id) => this.cancel(Number(id)),
    };
  }

  /** The configuration went live: what its files asked for at load starts now. */
  activate(): void {
    if (this.state !== 'pending') return;
    this.state = 'live';
    for (const [id, t] of this.timers) this.arm(id, t);
    for (const [id, start] of this.waiting.splice(0)) this.inflight.set(id, start());
  }

  /** Everything stops; nothing more is delivered. */
  stop(): void {
    this.state = 'stopped';
    for (const t of this.timers.values()) clearTimeout(t.handle);
    this.timers.clear();
    // Requests end; a process runs on to its end or timeout (a `gh pr create` half done is worse), unheard.
    for (const [id, h] of this.inflight) if (!this.processes.has(id)) h?.abort();
    this.inflight.clear();
    this.waiting.length = 0;
    this.due = [];
    this.dueIds.clear();
  }

  /** The callbacks due now (the host asked: it is told again when more are due). */
  takeDue(): Due[] {
    this.told = false;
    const list = this.due;
    this.due = [];
    this.dueIds.clear();
    return list;
  }

  get timerCount(): number {
    return this.timers.size;
  }

  private deliver(d: Due): void {
    if (this.state !== 'live') return;
    // A repeating timer whose last fire was not run yet is not queued twice.
    if (this.dueIds.has(d.id)) return;
    this.dueIds.add(d.id);
    this.due.push(d);
    if (!this.told) {
      this.told = true;
      taskHooks.due(this.owner);
    }
  }

  private timer(msArg: unknown, every: boolean): number {
    this.notWhileDrawing(`timer.${every ? 'every' : 'after'}`);
    if (typeof msArg !== 'number' || !Number.isFinite(msArg) || msArg < 0)
      throw new Error(`timer.${every ? 'every' : 'after'}: ms must be a number of milliseconds (0 or more)`);
    if (this.timers.size >= MAX_TIMERS)
      throw new Error(
        `timer.${every ? 'every' : 'after'}: ${MAX_TIMERS} timers are running already in this Lua state (stop some)`,
      );
    const ms = Math.min(Math.max(Math.round(msArg), every ? MIN_EVERY_MS : 0), MAX_TIMER_MS);
    const id = this.nextId++;
    const t = { ms, every };
    this.timers.set(id, t);
    if (this.state === 'live') this.arm(id, t);
    return id;
  }

  private arm(id: number, t: { ms: number; every: boolean; handle?: NodeJS.Timeout }): void {
    const fire = () => {
      if (!t.every) this.timers.delete(id);
      this.deliver({ id, ...(t.every ? { keep: true } : {}) });
    };
    t.handle = t.every ? setInterval(fire, t.ms) : setTimeout(fire, t.ms);
  }

  private cancel(id: number): void {
    const t = this.timers.get(id);
    if (t) {
      clearTimeout(t.handle);
      this.timers.delete(id);
    }
    this.inflight.get(id)?.abort();
    this.inflight.delete(id);
    const i = this.waiting.findIndex(([x]) => x === id);
    if (i >= 0) this.waiting.splice(i, 1);
  }

  /** Checks the spec and who asks, then starts it (or queues it until the configuration is live). */
  private start(kind: string, raw: unknown): number {
    if (this.state === 'stopped') throw new Error(`${kind}: this configuration was replaced (a reload)`);
    this.notWhileDrawing(kind);
    const spec = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const starter = this.starter(kind, spec);
    if (this.inflight.size + this.waiting.length >= MAX_INFLIGHT)
      throw new Error(
        `${kind}: ${MAX_INFLIGHT} requests and processes are running already in this Lua state`,
      );
    const id = this.nextId++;
    if (kind === 'process') this.processes.add(id);
    const where = typeof spec.where === 'string' ? spec.where : '';
    const run: Starter = () =>
      starter((result) => {
        this.processes.delete(id);
        if (!this.inflight.has(id)) return;
        this.inflight.delete(id);
        // Errors are Lua's values; the log says where each came from all the same.
        const error = (result as { error?: unknown } | null)?.error;
        if (typeof error === 'string') taskHooks.log('warn', `${where}${error}`);
        this.deliver({ id, result });
      });
    if (this.state === 'live') this.inflight.set(id, run());
    else this.waiting.push([id, run]);
    return id;
  }

  private starter(
    kind: string,
    spec: Record<string, unknown>,
  ): (done: (r: unknown) => void) => { abort(): void } {
    const pid = (p: number, alive: boolean) => taskHooks.pid(p, alive, this.grant.who?.label ?? null);
    switch (kind) {
      case 'http': {
        const method = str(spec.method ?? 'GET', 'http.request: method').toUpperCase();
        const url = str(spec.url, 'http.request: url');
        let parsed: URL;
        try {
          parsed = new URL(url);
        } catch {
          throw new Error(`http.request: not a URL: ${url}`);
        }
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
          throw new Error(`http.request: ${url}: only http and https URLs`);
        const denied = netDenied(this.grant, parsed);
        if (denied) throw new Error(denied);
        const headers: Record<string, string> = {};
        if (spec.headers !== undefined && spec.headers !== null) {
          const empty = Array.isArray(spec.headers) && spec.headers.length === 0; // ({} crosses as [])
          if (typeof spec.headers !== 'object' || (Array.isArray(spec.headers) && !empty))
            throw new Error('http.request: headers must be a table of name = value');
          for (const [k, v] of Object.entries(spec.headers)) headers[k.toLowerCase()] = String(v);
        }
        const body =
          spec.body === undefined || spec.body === null ? undefined : str(spec.body, 'http.request: body');
        const timeoutMs = bounded(
          spec.timeout,
          HTTP_DEFAULT_TIMEOUT_MS,
          HTTP_MAX_TIMEOUT_MS,
          'http.request: timeout',
        );
        const maxBytes = bounded(
          spec.max_bytes,
          HTTP_DEFAULT_MAX_BYTES,
          HTTP_MAX_BYTES,
          'http.request: max_bytes',
        );
        return (done) =>
          httpRequest(
            { method, url, headers, body, timeoutMs, maxBytes, allow: (u) => netDenied(this.grant, u) },
            done,
          );
      }
      case 'process': {
        const cmd = str(spec.cmd, 'process.run: cmd');
        if (!cmd) throw new Error('process.run: cmd must name a program');
        const args = spec.args === undefined || spec.args === null ? [] : spec.args;
        if (!Array.isArray(args)) throw new Error('process.run: args must be a list of strings');
        const denied = runDenied(this.grant, cmd);
        if (denied) throw new Error(denied);
        const cwd =
          spec.cwd === undefined || spec.cwd === null ? undefined : str(spec.cwd, 'process.run: cwd');
        const input =
          spec.input === undefined || spec.input === null ? undefined : str(spec.input, 'process.run: input');
        const timeoutMs = bounded(
          spec.timeout,
          PROCESS_DEFAULT_TIMEOUT_MS,
          PROCESS_MAX_TIMEOUT_MS,
          'process.run: timeout',
        );
        return (done) => runProcess({ cmd, args: args.map(String), cwd, input, timeoutMs }, done, pid);
      }
      case 'git': {
        const op = String(spec.op) as GitOp;
        if (!GIT_OPS.includes(op)) throw new Error(`git: no such fact "${op}"`);
        const denied = gitDenied(this.grant, op);
        if (denied) throw new Error(denied);
        const cwd = str(spec.cwd ?? process.cwd(), `git.${op}: the folder`);
        const max = spec.max === undefined || spec.max === null ? undefined : Number(spec.max);
        const remote = spec.remote === undefined || spec.remote === null ? undefined : String(spec.remote);
        return (done) => gitFacts({ op, cwd, max, remote }, done, pid);
      }
      default:
        throw new Error(`no such task "${kind}"`);
    }
  }
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new Error(`${what} must be a string`);
  return v;
}

function bounded(v: unknown, dflt: number, max: number, what: string): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    throw new Error(`${what} must be a positive number`);
  if (v > max) throw new Error(`${what} is over its limit of ${max}`);
  return Math.round(v);
}
