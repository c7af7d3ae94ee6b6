import type { Agent } from './agent.js';
import type { PlainEcho } from '../terminal/plain-echo.js';
import { realClock, type Clock } from '../clock/clock.js';
import type { PtySource } from '../pty/pty-process.js';
import { defaultName } from './command-line.js';
import { cleanName, freeName, nameProblem } from './agent-names.js';
import { Listeners, defaultErrorSink, type ErrorSink } from './listeners.js';
import { MemoryTrim } from './memory-trim.js';
import { AgentFocus } from './agent-focus.js';
import type { AgentInfo, AgentSpec } from './types.js';
import { normalizeSpec } from './normal-spec.js';
import type { PtyProcess } from '../pty/pty-process.js';

export interface AgentManagerOptions {
  /** Extra env for every agent (BOTSTER_HOME, BOTSTER_SOCKET, ...). */
  env?: Record<string, string>;
  scrollback?: number;
  /** Size a new agent starts with until the UI resizes it to its panel. */
  defaultSize: { cols: number; rows: number };
  /** Inactivity before a running agent counts as idle (default 1500 ms). */
  idleMs?: number;
  /** Where errors thrown by event listeners go (they never propagate into PTY/xterm callbacks). */
  onError?: ErrorSink;
  /** Where agents' terminals come from (default: real PTYs; tests: scripted terminals). */
  ptys?: PtySource;
  /** Whose time agents' idle timers and output times run on (the hub's). */
  clock?: Clock;
  /** The first number a new agent takes (those before it: a dead hub's agents, on offer). */
  firstId?: number;
}

const DISPOSE_BOUND_MS = 5000;
/** Output within this long: the agent's output flows, and a key to another agent holds it (holdOthers). */
const FLOWING_MS = 1000;

// An agent's code (its headless xterm, the PTY wrapper: a third of the hub's bundle) loads apart,
// so a hub's first frame (the planned layout, agents not started yet) does not wait for it.
let AgentClass: typeof import('./agent.js').Agent | undefined;

/** A name an agent cannot have (AgentManager.rename): why. */
export class NameRefused extends Error {}

/** Owns every agent: ids "1", "2", ... in spawn order; unique names; forwards their events. */
export class AgentManager {
  private readonly agents = new Map<string, Agent>();
  private readonly unsubs = new Map<string, Array<() => void>>();
  private nextId: number;
  private defaultSize: { cols: number; rows: number };
  private disposing: Promise<void> | null = null;
  private readonly onError: ErrorSink;
  private readonly addedL: Listeners<[Agent]>;
  private readonly changeL: Listeners<[Agent, AgentInfo]>;
  private readonly outputL: Listeners<[Agent]>;
  private readonly echoL: Listeners<[Agent, PlainEcho]>;
  private readonly removedL: Listeners<[Agent]>;
  /** Gives memory back once a flood of output is over. */
  readonly memoryTrim = new MemoryTrim();
  /** Which agent's program hears that it has the focus (agent-focus.ts). */
  readonly focus = new AgentFocus((id) => this.agents.get(id)?.terminal.focus);
  private readonly counted = new WeakMap<Agent, number>();
  /** The agent whose echo the others are held for (see holdOthers). */
  private echoOf: Agent | null = null;
  private holdTimer: NodeJS.Timeout | null = null;
  /** The others go on after the echo's frame (see releaseAfterFrame). */
  private letGo: NodeJS.Immediate | null = null;
  /** Agents with output lately (pruned as holdOthers goes through them), and those it holds now. */
  private readonly flowing = new Set<Agent>();
  private readonly held = new Set<Agent>();

  constructor(private readonly opts: AgentManagerOptions) {
    this.defaultSize = { ...opts.defaultSize };
    this.nextId = opts.firstId ?? 1;
    this.onError = opts.onError ?? defaultErrorSink;
    this.addedL = new Listeners(this.onError);
    this.changeL = new Listeners(this.onError);
    this.outputL = new Listeners(this.onError);
    this.echoL = new Listeners(this.onError);
    this.removedL = new Listeners(this.onError);
  }

  /** Loads what spawn() needs (at once when it is loaded already). */
  async ready(): Promise<void> {
    AgentClass ??= (await import('./agent.js')).Agent;
  }

  /**
   * Never throws once ready() resolved: a command that cannot start yields an agent that is exited
   * with `error` set. `setup` runs first in its terminal (not part of the spec: a restart skips it).
   */
  spawn(rawSpec: AgentSpec, opts: { setup?: string; id?: string } = {}): Agent {
    const Agent = AgentClass;
    if (!Agent) throw new Error('AgentManager.spawn() before ready()');
    const spec = normalizeSpec(rawSpec);
    // A restart or a restore keeps its number while it is free (the next go on from it); a new one the next.
    const id = opts.id !== undefined && !this.agents.has(opts.id) ? opts.id : String(this.nextId++);
    if (/^\d+$/.test(id)) this.nextId = Math.max(this.nextId, Number(id) + 1);
    const base = {
      id,
      name: this.freeName(id, spec.name, defaultName(spec)),
      spec,
      cols: this.defaultSize.cols,
      rows: this.defaultSize.rows,
      scrollback: this.opts.scrollback,
      env: this.opts.env,
      idleMs: this.opts.idleMs,
      onError: this.onError,
      ptys: this.opts.ptys,
      clock: this.opts.clock,
      ...(opts.setup ? { setup: opts.setup } : {}),
    };
    let agent: Agent;
    try {
      agent = new Agent({
        ...base,
        failWith: this.disposing ? 'cannot start: the hub is shutting down' : undefined,
      });
    } catch (err) {
      // Defensive: Agent reports start failures itself; anything else still must not escape.
      agent = new Agent({
        ...base,
        failWith: `cannot start: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
    return this.add(agent);
  }

  /**
   * An agent of another machine's hub, mirrored here (its "PTY" is the link): listed, focused and
   * typed into as ours are. Its name keeps to the same rule (unique here).
   */
  adopt(spec: AgentSpec, remote: { machine: string; pty: PtyProcess }): Agent {
    const Agent = AgentClass;
    if (!Agent) throw new Error('AgentManager.adopt() before ready()');
    const s = normalizeSpec(spec);
    const id = String(this.nextId++);
    const name = this.freeName(id, s.name, defaultName(s));
    return this.add(
      new Agent({
        id,
        name,
        spec: s,
        cols: this.defaultSize.cols,
        rows: this.defaultSize.rows,
        scrollback: this.opts.scrollback,
        idleMs: this.opts.idleMs,
        onError: this.onError,
        clock: this.opts.clock,
        remote,
      }),
    );
  }

  /**
   * An agent its keeper held while no server was there (a crash, an upgrade): the same process on
   * the same terminal, under its own number and name again (the numbers after it go on from there).
   */
  adoptKept(k: {
    id?: string;
    name?: string;
    spec: AgentSpec;
    cols: number;
    rows: number;
    pty: PtyProcess;
  }): Agent {
    const Agent = AgentClass;
    if (!Agent) throw new Error('AgentManager.adoptKept() before ready()');
    const s = normalizeSpec(k.spec);
    const id = k.id && /^\d+$/.test(k.id) && !this.agents.has(k.id) ? k.id : String(this.nextId++);
    this.nextId = Math.max(this.nextId, Number(id) + 1);
    return this.add(
      new Agent({
        id,
        name: this.freeName(id, k.name, defaultName(s)),
        spec: s,
        cols: k.cols,
        rows: k.rows,
        scrollback: this.opts.scrollback,
        env: this.opts.env,
        idleMs: this.opts.idleMs,
        onError: this.onError,
        clock: this.opts.clock,
        kept: k.pty,
      }),
    );
  }

  /** Lets go of every agent a keeper holds: they run on for the next server (dispose() stops the rest). */
  releaseKept(): number {
    let n = 0;
    for (const a of this.list())
      if (a.keepable) {
        n++;
        void a.release();
      }
    return n;
  }

  /** Lists an agent and forwards its events. */
  private add(agent: Agent): Agent {
    const id = agent.id;
    this.agents.set(id, agent);
    this.unsubs.set(id, [
      agent.onChange((info) => this.changeL.fire(agent, info)),
      agent.onEcho((echo) => this.echoL.fire(agent, echo)),
      agent.onOutput(() => {
        this.flowing.add(agent);
        this.outputL.fire(agent);
        if (agent === this.echoOf) this.releaseAfterFrame();
        this.memoryTrim.note(agent.outputBytes - (this.counted.get(agent) ?? 0));
        this.counted.set(agent, agent.outputBytes);
      }),
    ]);
    this.focus.added(id);
    this.addedL.fire(agent);
    return agent;
  }

  /** Where agents of each machine go in the list (see list()); the hub sets it from settings.machines. */
  machineRank: (machine: string) => number = () => 1;

  /**
   * The user typed to `agent`: the others stop reading and parsing their output until its next
   * output (the echo) is parsed, or `ms` passed. Their output waits in the kernel; one turn of
   * four agents' floods (reading and parsing them) took the echo ~10 ms.
   */
  holdOthers(agent: Agent, ms: number): void {
    if (this.disposing || this.agents.size < 2) return;
    this.echoOf = agent;
    // A key typed before the last echo's frame was out: the others stay held for this one's echo.
    if (this.letGo) clearImmediate(this.letGo);
    this.letGo = null;
    // Only agents whose output flows are held: stopping and resuming a PTY's reading costs
    // syscalls and a tick each, and with 100 quiet agents every key paid it 99 times (~0.2 ms of
    // the hub's CPU a key). One that was quiet and prints now is read and parsed as usual.
    const now = (this.opts.clock ?? realClock).now();
    agent.hold(false);
    this.held.delete(agent);
    for (const a of this.flowing) {
      if (now - a.lastOutputBeforeQuiet() >= FLOWING_MS) this.flowing.delete(a);
      else if (a !== agent) {
        a.hold(true);
        this.held.add(a);
      }
    }
    // One timer, re-armed per key (no allocation on the typing path).
    if (this.holdTimer) this.holdTimer.refresh();
    else
      this.holdTimer = setTimeout(() => {
        this.holdTimer = null;
        this.releaseHold();
      }, ms);
  }

  /**
   * The echo is parsed: the others go on once its frame is out (drawn in a microtask, see
   * FrameScheduler), not before. A resumed PTY hands out what it read meanwhile at once, a tick
   * before that microtask: two floods' 8 to 64 KiB went ahead of the echo's frame.
   */
  private releaseAfterFrame(): void {
    this.letGo ??= setImmediate(() => {
      this.letGo = null;
      this.releaseHold();
    });
  }

  /** Lets the others go (the timer, if armed, fires once more for nothing: cheaper than re-making it). */
  private releaseHold(): void {
    if (!this.echoOf) return;
    this.echoOf = null;
    for (const a of this.held) a.hold(false);
    this.held.clear();
  }

  /** The name agent `id` gets when a name cannot be refused: `wanted`, else `fallback`, made free (agent-names.ts). */
  private freeName(id: string, wanted: string | undefined, fallback: string): string {
    return freeName(wanted ?? '', id, this.named(), fallback);
  }

  private named(): Array<{ id: string; name: string }> {
    return [...this.agents.values()].map((a) => ({ id: a.id, name: a.name }));
  }

  /**
   * Why a new agent, or agent `id`, cannot be called `wanted` (control characters, empty, the
   * hub's, a number, another agent's), or null: it can. The one rule every door's name goes by.
   */
  nameProblem(wanted: string, id = ''): string | null {
    const { name, problem } = cleanName(wanted);
    return problem ?? nameProblem(name, id, this.named())?.why ?? null;
  }

  /**
   * Renames agent `id`: `wanted` when it may be (else a NameRefused, or with `suffix` the free name
   * after it, as tmux's titles and another machine's names get). Returns the name it has now.
   */
  rename(id: string, wanted: string, opts: { suffix?: boolean } = {}): string {
    const agent = this.agents.get(id);
    if (!agent) throw new Error(`no agent ${id}`);
    const problem = this.nameProblem(wanted, id);
    if (problem && !opts.suffix) throw new NameRefused(problem);
    const name = problem ? freeName(wanted, id, this.named(), agent.name) : cleanName(wanted).name;
    agent.name = name;
    return name;
  }

  /** Agents in spawn order, this machine's first, then each machine's (settings.machines order). */
  list(): Agent[] {
    // By number (a restarted agent keeps its own), this machine's agents first.
    const rank = (a: Agent) => (a.machine ? this.machineRank(a.machine) : 0);
    return [...this.agents.values()]
      .map((a) => ({ a, n: Number(a.id), r: rank(a) }))
      .sort((x, y) => x.r - y.r || x.n - y.n)
      .map((x) => x.a);
  }

  get(id: string): Agent | undefined {
    return this.agents.get(id);
  }

  /** Size for agents spawned from now on. */
  setDefaultSize(cols: number, rows: number): void {
    if (cols >= 1 && rows >= 1) this.defaultSize = { cols: Math.floor(cols), rows: Math.floor(rows) };
  }

  /** Forgets the agent and kills it if it still runs. */
  remove(id: string): void {
    const agent = this.agents.get(id);
    if (!agent) return;
    this.agents.delete(id);
    this.flowing.delete(agent);
    this.held.delete(agent);
    for (const off of this.unsubs.get(id) ?? []) off();
    this.unsubs.delete(id);
    void agent.dispose();
    this.removedL.fire(agent);
  }

  onAdded(cb: (agent: Agent) => void): () => void {
    return this.addedL.add(cb);
  }
  /** Status, title, exit or error changed (not fired for plain output). */
  onChange(cb: (agent: Agent, info: AgentInfo) => void): () => void {
    return this.changeL.add(cb);
  }
  /** Some agent's screen changed. */
  onOutput(cb: (agent: Agent) => void): () => void {
    return this.outputL.add(cb);
  }
  /** Some agent's echo of a key, before it is parsed (see PlainEcho). */
  onEcho(cb: (agent: Agent, echo: PlainEcho) => void): () => void {
    return this.echoL.add(cb);
  }
  onRemoved(cb: (agent: Agent) => void): () => void {
    return this.removedL.add(cb);
  }

  /** Kills every child (SIGHUP, SIGKILL after ~1 s) and resolves when all are gone (bounded). */
  dispose(): Promise<void> {
    if (this.disposing) return this.disposing;
    this.memoryTrim.dispose();
    this.releaseHold();
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    if (this.letGo) clearImmediate(this.letGo);
    this.letGo = null;
    const all = this.list();
    const done = Promise.all(all.map((a) => a.dispose())).then(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((r) => {
      timer = setTimeout(r, DISPOSE_BOUND_MS);
    });
    this.disposing = Promise.race([done, bound]).then(() => {
      clearTimeout(timer);
      for (const offs of this.unsubs.values()) for (const off of offs) off();
      this.unsubs.clear();
      this.addedL.clear();
      this.changeL.clear();
      this.outputL.clear();
      this.echoL.clear();
      this.removedL.clear();
    });
    return this.disposing;
  }
}
