// A request's `app` (the hub's `self`) carries every agent, and the hub sends it with each render,
// event and key bound to Lua: with 500 agents, each of those cloned 500 agents' records into the
// worker, while one or two had changed (issue 97: 50 agents printing, keys waiting behind it). So
// the agents go as a delta: their ids in order, and only the records that differ from what this
// worker was sent last; the worker keeps what it was sent and puts `app.agents` back together.
// Requests reach the worker in the order they were sent and it reads them in that order, so both
// sides agree on what was sent; a new worker (a restart) starts from nothing on both sides.

type Agent = { id: string } & Record<string, unknown>;
interface Delta {
  ids: string[];
  fresh: Record<string, Agent>;
}

const isAgents = (v: unknown): v is Agent[] =>
  Array.isArray(v) && v.every((a) => a !== null && typeof a === 'object' && typeof a.id === 'string');

/** Equal as JSON-like data (what a structured clone would make equal). */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameData(x, bb[i]));
  }
  const ka = Object.keys(a);
  const bo = b as Record<string, unknown>;
  if (ka.length !== Object.keys(bo).length) return false;
  const ao = a as Record<string, unknown>;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && sameData(ao[k], bo[k]));
}

/** The main thread's side: what this worker was sent. */
export class AppSender {
  private sent = new Map<string, Agent>();

  /** `params` with its `app.agents` as a delta against what was sent (as it is when there is none). */
  encode(params: unknown): { params: unknown; commit: () => void } {
    const app = (params as { app?: unknown } | null)?.app as { agents?: unknown } | null | undefined;
    const none = { params, commit: () => {} };
    if (!app || typeof app !== 'object' || !isAgents(app.agents)) return none;
    const { agents, ...rest } = app as { agents: Agent[] };
    const fresh: Record<string, Agent> = {};
    const ids: string[] = [];
    for (const a of agents) {
      ids.push(a.id);
      if (Object.prototype.hasOwnProperty.call(fresh, a.id)) return none; // (two of one id: as it is)
      const before = this.sent.get(a.id);
      if (!before || !sameData(before, a)) fresh[a.id] = a;
    }
    const $agents: Delta = { ids, fresh };
    return {
      params: { ...(params as object), app: { ...rest, $agents } },
      // Once the worker has it: what it keeps from now on.
      commit: () => {
        const next = new Map<string, Agent>();
        for (const a of agents) next.set(a.id, fresh[a.id] ?? this.sent.get(a.id)!);
        this.sent = next;
      },
    };
  }
}

/** The worker's side: the agents it was sent, to put each request's `app.agents` together. */
export class AppReceiver {
  private kept = new Map<string, Agent>();

  /** `params` as it was before AppSender.encode. */
  decode(params: unknown): unknown {
    const app = (params as { app?: unknown } | null)?.app as { $agents?: Delta } | null | undefined;
    if (!app || typeof app !== 'object' || !app.$agents) return params;
    const { $agents, ...rest } = app;
    const next = new Map<string, Agent>();
    const agents = $agents.ids.map((id) => {
      const a = $agents.fresh[id] ?? this.kept.get(id);
      if (!a) throw new Error(`the hub's agents arrived out of step (agent ${id} was never sent)`);
      next.set(id, a);
      return a;
    });
    this.kept = next;
    return { ...(params as object), app: { ...rest, agents } };
  }
}
