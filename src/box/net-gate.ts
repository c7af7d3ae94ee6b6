import type { Box } from './box.js';
import { hostAllowed, normalHost } from './net-hosts.js';

// Which host a boxed agent reaches through the hub's proxy (src/server/box-proxy.ts): the hosts its
// box allows; any other is a question to you, asked once per agent and host (box_host_asked:
// lua/default/sandbox_hosts.lua asks), and refused until you let it. The answer is kept in the
// agent's record (through a restart, `--restore` and a server's adoption, as its "allow always"
// answers). The policy (which hosts, what to ask) is Lua's; this holds it.

export interface NetGateHost {
  /** The agent's box: null unboxed, undefined no such agent. */
  box(id: string): Box | null | undefined;
  agentName(id: string): string | null;
  /** Your answers for agent `id`: host -> let (true) or refused (false). */
  hostAnswers(id: string): Readonly<Record<string, boolean>> | undefined;
  /** Keeps your answer for agent `id` and `host` with the agent's record. */
  answerHost(id: string, host: string, allow: boolean): void;
  /** A hub event for hooks. */
  emit(event: string, payload: Record<string, unknown>): void;
}

/** Questions of one agent that may wait at once (more are refused unasked: no flood of questions). */
const MAX_WAITING_PER_AGENT = 5;

export class NetGate {
  private readonly pending = new Map<string, { id: string; host: string; port: number }>();
  private last = 0;

  constructor(private readonly host: NetGateHost) {}

  /** Whether agent `id` (undefined: the caller is no agent's) may reach `host:port`: null, or why not. */
  decide(id: string | undefined, rawHost: string, port: number): string | null {
    const host = normalHost(rawHost);
    const target = `${host}:${port}`;
    if (id === undefined || id === '?')
      return `botster-tui: refused ${target}: the hub's proxy serves boxed agents only, and could not tell which agent asks`;
    const box = this.host.box(id);
    if (!box) return `botster-tui: refused ${target}: agent ${id} is not a boxed agent of this hub`;
    if (!box.network)
      return `botster-tui: refused ${target}: the box of agent ${id} has no network (network = false)`;
    if (hostAllowed(box.allow ?? [], host, port)) return null;
    const said = this.host.hostAnswers(id)?.[host];
    if (said === true) return null;
    const who = this.who(id);
    if (said === false) return `botster-tui: refused ${target}: you refused ${host} for ${who}`;
    const waiting = [...this.pending.values()].filter((p) => p.id === id);
    if (waiting.some((p) => p.host === host))
      return `botster-tui: refused ${target}: ${host} is not in the box's allow list; the hub asks you whether ${who} may reach it (agent.allow_host answers), try again once you let it`;
    if (waiting.length >= MAX_WAITING_PER_AGENT)
      return `botster-tui: refused ${target}: ${host} is not in the box's allow list, and ${who} has ${waiting.length} hosts waiting for your answer already`;
    const request = `n${++this.last}`;
    this.pending.set(request, { id, host, port });
    this.host.emit('box_host_asked', {
      request,
      agent: { id, name: this.host.agentName(id) ?? `agent ${id}` },
      host,
      port,
    });
    return `botster-tui: refused ${target}: ${host} is not in the box's allow list (sandbox network.allow); the hub asks you whether ${who} may reach it, try again once you let it`;
  }

  /** Your answer (the latest question if none is named); what happened, to show. */
  answer(allow: boolean, request?: string): string {
    const key = request || [...this.pending.keys()].pop();
    const p = key ? this.pending.get(key) : undefined;
    if (!key || !p)
      return request ? `no box's question ${request} waits for you` : 'no boxed agent asks for a host';
    this.pending.delete(key);
    this.host.answerHost(p.id, p.host, allow);
    const who = this.who(p.id);
    return allow ? `${who} may now reach ${p.host}` : `${who} may not reach ${p.host}`;
  }

  /** The answer for agent `id` and `host`: true let, false refused, undefined none yet. */
  verdict(id: string, host: string): boolean | undefined {
    return this.host.hostAnswers(id)?.[normalHost(host)];
  }

  /** An agent left the list: its questions go with it (its answers, with its record). */
  removed(id: string): void {
    for (const [k, p] of this.pending) if (p.id === id) this.pending.delete(k);
  }

  private who(id: string): string {
    const name = this.host.agentName(id);
    return name === null ? `agent ${id}` : `agent ${name} (id ${id})`;
  }
}
