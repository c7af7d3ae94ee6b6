import type { Agent } from '../agents/agent.js';
import type { AgentInfo } from '../agents/types.js';
import type { AgentRecord } from '../wire/agent-record.js';
import { signalName } from '../hub/signal-name.js';
import { realClock, type Clock, type ClockTimer } from '../clock/clock.js';
import type { EmitResult, LuaHost } from '../worker/lua-host.js';
import type { AppData } from '../hub/self.js';
import type { HookRequests } from '../hub/requests.js';
import type { Configuration } from '../hub/configuration.js';
import { quotedAgents } from '../hub/quoted-agents.js';

/** How an agent appears in event payloads. */
export function agentPayload(info: AgentInfo): Record<string, unknown> {
  return {
    id: info.id,
    name: info.name,
    command: info.command,
    cwd: info.cwd,
    status: info.status,
    exit_code: info.exitCode,
    signal: info.signal,
    signal_name: signalName(info.signal),
    title: info.title,
    program: info.program,
    ...(info.machine ? { machine: info.machine } : {}),
  };
}

const OUTPUT_EVENT_MS = 250;
const BELL_EVENT_MS = 250;

/**
 * Hands hub events to the Lua handlers. Events nobody subscribed to cost nothing (no message to
 * the worker); agent_output is coalesced per agent to one event per 250 ms with a byte count.
 */
/** What the bridge needs from the hub. */
export interface EventHost {
  lua: LuaHost;
  /** Shows a note about a handler (an error, an overrun); answers its id (for unnote). */
  note(message: string): string;
  /** Takes note `id` off the screen if it is still there. */
  unnote(id: string): void;
  log(message: string): void;
  /** After Lua ran (persisted state may have changed). */
  afterLua(): void;
  /** The app handlers get beside the payload (the same one keys and commands get). */
  view(): AppData;
  /** Carries out what handlers asked for (app:* in a handler). */
  /** `about`: the agents the event named (what the handlers say may quote them). */
  apply(requests: HookRequests[], source: string, about?: readonly string[]): Promise<void>;
  /** The agent's record in the state (hub/agent-record.ts), which every payload's `agent` carries. */
  record(id: string): AgentRecord | null;
}

/** Handlers whose requests cause events whose handlers make requests...: this deep, and no further. */
export const MAX_HOOK_DEPTH = 8;

export class EventBridge {
  private subscribed = new Set<string>();
  private readonly lastStatus = new Map<string, string>();
  private readonly outputSeen = new Map<string, number>();
  private readonly lastBell = new Map<string, number>();
  /** Agents whose bells rang inside the window: one more event when it ends. */
  private readonly bellTimers = new Map<string, ClockTimer>();
  private outputTimer: ClockTimer | null = null;
  /** How many handlers' requests led to the event being emitted now (see apply). */
  private depth = 0;

  /** Notes about handlers (errors, overruns) shown since the configuration was built. */
  private readonly shownNotes = new Set<string>();

  private readonly lua: LuaHost;

  constructor(
    private readonly host: EventHost,
    private readonly clock: Clock = realClock,
  ) {
    this.lua = host.lua;
  }

  /**
   * A new configuration went live: its handlers are fresh (the file that defined a failing or slow
   * one was fixed, removed, or simply reloaded), so notes about the old ones go away.
   */
  configured(config: Configuration): void {
    this.setSubscribed(config.keymap.events);
    for (const n of this.shownNotes) this.host.unnote(n);
    this.shownNotes.clear();
  }

  setSubscribed(events: string[]): void {
    this.subscribed = new Set(events);
  }

  has(event: string): boolean {
    return this.subscribed.has(event);
  }

  /** Listeners in the hub itself (the control socket's `events` and `wait`): they see every event, handlers or not. */
  readonly taps = new Set<(event: string, payload: Record<string, unknown>) => void>();

  /** The payload's agent as its record says, with what the event saw of it (fresher) over it. */
  private withRecord(payload: Record<string, unknown>): Record<string, unknown> {
    const a = payload.agent as { id?: unknown } | undefined;
    const record = a && typeof a.id === 'string' ? this.host.record(a.id) : null;
    return record ? { ...payload, agent: { ...record, ...a } } : payload;
  }

  /**
   * Runs the event's Lua handlers; null when none listens. Handlers that did not answer (stalled,
   * the engine gone) are logged and read as null too, unless `strict`: then the error is thrown,
   * for a caller that must not go on without Lua's say (a box chosen in before_agent_spawn).
   */
  async emit(
    event: string,
    payload: Record<string, unknown>,
    subject: string | null = null,
    opts: { strict?: boolean } = {},
  ): Promise<EmitResult | null> {
    payload = this.withRecord(payload);
    for (const tap of this.taps) {
      try {
        tap(event, payload);
      } catch (err) {
        this.host.log(`${event} listener: ${(err as Error).message}`);
      }
    }
    if (!this.subscribed.has(event)) return null;
    const depth = this.depth;
    try {
      const res = await this.lua.emit(event, payload, subject, this.host.view());
      this.host.afterLua();
      this.subscribed = new Set(res.events);
      for (const n of res.notes) this.shownNotes.add(this.host.note(n));
      // What the handlers say or open may quote the agents the payload names (hub/readable-state.ts).
      if (res.requests?.length)
        this.apply(
          res.requests,
          event,
          depth + 1,
          quotedAgents(payload, (id) => this.host.record(id) !== null),
        );
      return res;
    } catch (err) {
      this.host.log(`${event} handlers: ${(err as Error).message}`);
      if (opts.strict) throw err;
      return null;
    }
  }

  /**
   * Handlers' requests run like a key's; the events they cause carry the depth on (a focus_changed
   * handler that focuses another agent would otherwise ping-pong forever).
   */
  private apply(requests: HookRequests[], event: string, depth: number, about: string[]): void {
    if (depth > MAX_HOOK_DEPTH) {
      const n = `${event} handlers: their requests were dropped: handlers caused events ${MAX_HOOK_DEPTH} deep (a loop?)`;
      this.host.log(n);
      this.shownNotes.add(this.host.note(n));
      return;
    }
    this.depth = depth;
    try {
      // The synchronous part (dispatching intents, which emits the next events) sees the depth.
      void this.host
        .apply(requests, `${event} handler`, about)
        .catch((err) => this.host.log(`${event} handlers: ${(err as Error).message}`));
    } finally {
      this.depth = 0;
    }
  }

  /** Wires an agent's terminal events (title, cwd, bell). */
  watchAgent(agent: Agent): () => void {
    const subject = agent.info.name;
    const offs = [
      agent.terminal.onTitle(
        (title) => void this.emit('agent_title_changed', { agent: agentPayload(agent.info), title }, subject),
      ),
      agent.terminal.onCwd(
        (cwd) => void this.emit('agent_cwd_changed', { agent: agentPayload(agent.info), cwd }, subject),
      ),
      agent.terminal.onBell(() => this.bell(agent)),
    ];
    this.lastStatus.set(agent.id, agent.info.status);
    return () => {
      offs.forEach((off) => off());
      this.lastBell.delete(agent.id);
      this.clock.clearTimeout(this.bellTimers.get(agent.id));
      this.bellTimers.delete(agent.id);
    };
  }

  /**
   * A storm of bells (a program printing binary) is one event per window, not thousands: the
   * first bell at once, then at most one more when the window ends (so the last one is not lost).
   */
  private bell(agent: Agent): void {
    const id = agent.id;
    if (!this.subscribed.has('agent_bell')) return;
    const since = this.clock.now() - (this.lastBell.get(id) ?? -Infinity);
    if (since >= BELL_EVENT_MS) {
      this.lastBell.set(id, this.clock.now());
      void this.emit('agent_bell', { agent: agentPayload(agent.info) }, agent.info.name);
      return;
    }
    if (this.bellTimers.has(id)) return;
    this.bellTimers.set(
      id,
      this.clock.setTimeout(() => {
        this.bellTimers.delete(id);
        this.bell(agent);
      }, BELL_EVENT_MS - since),
    );
  }

  /** Exits, from the agent manager's change events (state changes come from the hub's state: agent_state_changed). */
  agentChanged(info: AgentInfo): void {
    const prev = this.lastStatus.get(info.id);
    if (prev === info.status) return;
    this.lastStatus.set(info.id, info.status);
    if (info.status === 'exited')
      void this.emit(
        'agent_exited',
        {
          agent: agentPayload(info),
          exit_code: info.exitCode,
          signal: info.signal,
          signal_name: signalName(info.signal),
        },
        info.name,
      );
  }

  /** Called per output chunk; sends at most one agent_output per agent per window. */
  agentOutput(agent: Agent): void {
    if (!this.subscribed.has('agent_output')) return;
    if (!this.outputSeen.has(agent.id)) this.outputSeen.set(agent.id, this.reported.get(agent.id) ?? 0);
    this.outputTimer ??= this.clock.setTimeout(() => this.flushOutput(), OUTPUT_EVENT_MS);
    this.outputAgents.set(agent.id, agent);
  }

  private readonly outputAgents = new Map<string, Agent>();
  /** Bytes already reported per agent. */
  private readonly reported = new Map<string, number>();

  private flushOutput(): void {
    this.outputTimer = null;
    for (const [id, since] of this.outputSeen) {
      const agent = this.outputAgents.get(id);
      if (!agent) continue;
      this.reported.set(id, agent.outputBytes);
      void this.emit(
        'agent_output',
        { agent: agentPayload(agent.info), bytes: agent.outputBytes - since },
        agent.info.name,
      );
    }
    this.outputSeen.clear();
    this.outputAgents.clear();
  }

  dispose(): void {
    for (const t of this.bellTimers.values()) this.clock.clearTimeout(t);
    this.bellTimers.clear();
    this.clock.clearTimeout(this.outputTimer);
    this.outputTimer = null;
  }
}
