import type { Agent } from '../agents/agent.js';
import type { AgentManager } from '../agents/agent-manager.js';
import type { AgentSpec } from '../agents/types.js';
import type { AgentRow } from '../wire/control-request.js';
import type { StateVerdict } from '../hub/agent-state.js';
import type { Intent } from '../hub/intents.js';
import type { Configuration } from '../hub/configuration.js';
import { machineFacts } from '../hub/agent-record.js';
import { MachineLink } from './machine-link.js';
import { RemotePty } from './remote-pty.js';
import {
  machineDialer,
  machineSpec,
  sameMachine,
  type MachineSetting,
  type MachineSpec,
} from './machine-spec.js';
import { linkFacts, outage, type MachineFacts } from './machine-facts.js';

export type { MachineFacts } from './machine-facts.js';

// The machines (machines.define, settings.machines): the hubs of other machines, their agents
// listed beside ours. Each machine is a MachineLink (the command that reaches it + botster-tui
// proxy there); each of its agents an Agent here whose "PTY" is the link. Their states come from
// their own hub; their screens only while a panel here shows them. A machine that cannot be
// reached is listed as such, says why once, and is tried again by itself; nothing here waits.

interface Machine {
  link: MachineLink;
  /** Its agents: their id there -> ours. */
  ids: Map<string, string>;
  ptys: Map<string, RemotePty>;
  /** The name each goes by there (ours -> theirs): one renamed there is renamed here, made free. */
  names: Map<string, string>;
  /** Why it could not be reached, as last said (said once, not at every try). */
  said: string | null;
}

/** What the machines need of the hub. */
export interface MachinesHost {
  agents: AgentManager;
  dispatch(intent: Intent): void;
  /** An attached client (or a link) shows it now: a turn it finishes is seen. */
  seen(id: string): boolean;
  /** A panel of some client shows it now. */
  shows(id: string): boolean;
  notify(text: string): void;
  log(level: string, message: string): void;
  disposed(): boolean;
}

const VERDICT_SOURCES = new Set(['screen', 'report', 'quiet', 'exit']);

export class HubMachines {
  private readonly machines = new Map<string, Machine>();
  private readonly offRemoved: () => void;
  /** Reports `self.machines` again each second while a machine waits to be tried again. */
  private ticker: NodeJS.Timeout | null = null;
  /** Agents shown elsewhere than in a panel (a web page's terminal), by how many: their screens come too. */
  private readonly held = new Map<string, number>();

  constructor(private readonly hub: MachinesHost) {
    hub.agents.machineRank = (name) => {
      const i = [...this.machines.keys()].indexOf(name);
      return i < 0 ? this.machines.size + 1 : i + 1;
    };
    // Closed here (x on an exited one, close): closed there too.
    this.offRemoved = hub.agents.onRemoved((agent) => {
      const m = agent.machine ? this.machines.get(agent.machine) : undefined;
      const remote = m ? this.remoteId(m, agent.id) : undefined;
      if (!m || remote === undefined) return;
      m.ids.delete(remote);
      m.ptys.delete(agent.id);
      m.names.delete(agent.id);
      this.report();
      m.link.unwatch(remote);
      m.link.request({ op: 'close', agent: `id:${remote}` }).catch(() => {});
    });
  }

  /** A configuration went live: the links follow its machines (machines.define, settings.machines). */
  configured(config: Configuration): void {
    // (An empty Lua table comes as an object.)
    const list = config.settings.machines;
    this.configure((Array.isArray(list) ? list : []).map((s) => machineSpec(s)));
  }

  /** The machines as they are now: links for new ones, none for those no longer listed. */
  configure(given: Array<MachineSpec | MachineSetting>): void {
    const specs = given.map((s) => ('engine' in s ? s : machineSpec(s)));
    const wanted = new Map(specs.map((s) => [s.name, s]));
    for (const [name, m] of this.machines) {
      const s = wanted.get(name);
      if (s && sameMachine(s, m.link.spec)) continue;
      this.drop(name);
    }
    const order = specs.map((s) => s.name);
    for (const spec of specs) if (!this.machines.has(spec.name)) this.add(spec);
    // Listed in settings order.
    const sorted = [...this.machines.entries()].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
    this.machines.clear();
    for (const [k, v] of sorted) this.machines.set(k, v);
  }

  private add(spec: MachineSpec): void {
    const dialer = (start: boolean, restore: boolean) => machineDialer(spec, start, restore);
    const m: Machine = {
      link: null as unknown as MachineLink,
      ids: new Map(),
      ptys: new Map(),
      names: new Map(),
      said: null,
    };
    m.link = new MachineLink(spec, dialer, {
      rows: (rows) => void this.rows(spec.name, m, rows),
      agent: (row) => void this.upsert(spec.name, m, row),
      closed: (id) => this.closed(m, id),
      bell: (id) => m.ptys.get(m.ids.get(id) ?? '')?.feed('\x07'),
      screen: (id, u) => this.screen(m, id, u),
      changed: () => {
        this.tell(spec.name, m);
        this.report();
      },
    });
    this.machines.set(spec.name, m);
    this.report();
    m.link.start();
  }

  /** Says why a machine cannot be reached, once (not at every try), and when it is back. */
  private tell(name: string, m: Machine): void {
    m.said = outage(name, m.link, m.said, this.hub);
  }

  /** A machine no longer listed: its link closes and its agents leave the list (they run on there). */
  private drop(name: string): void {
    const m = this.machines.get(name);
    if (!m) return;
    this.machines.delete(name);
    this.report();
    m.link.dispose();
    const locals = [...m.ids.values()];
    m.ids.clear();
    for (const id of locals) this.hub.agents.remove(id);
  }

  /** Every agent there: ours follow (new ones listed, gone ones taken off). */
  private async rows(name: string, m: Machine, rows: AgentRow[]): Promise<void> {
    const there = new Set(rows.map((r) => r.id));
    for (const [remote] of m.ids) if (!there.has(remote)) this.closed(m, remote);
    for (const row of rows) await this.upsert(name, m, row);
  }

  /** One agent there as its hub says it now: listed here, with its facts and state. */
  private async upsert(name: string, m: Machine, row: AgentRow): Promise<Agent | undefined> {
    const hub = this.hub;
    let local = m.ids.get(row.id);
    if (local === undefined) {
      await hub.agents.ready();
      if (hub.disposed() || this.machines.get(name) !== m || m.ids.has(row.id))
        return hub.agents.get(m.ids.get(row.id) ?? '');
      const pty = new RemotePty(m.link, row.id, row.pid ?? 0);
      const agent = hub.agents.adopt(
        { command: row.command, cwd: row.cwd, name: row.name },
        { machine: name, pty },
      );
      local = agent.id;
      m.ids.set(row.id, local);
      m.ptys.set(local, pty);
      this.report();
    }
    const agent = hub.agents.get(local);
    if (!agent) return undefined;
    agent.setRemoteFacts({ program: row.program, title: row.title, pid: row.pid });
    // Its name there, as unique here as any (another agent's, the hub's or a number gets -2, -3...).
    if (typeof row.name === 'string' && m.names.get(local) !== row.name) {
      if (m.names.has(local)) hub.agents.rename(local, row.name, { suffix: true });
      m.names.set(local, row.name);
    }
    // Every field of its record (its worktree, branch, repository, profile, ...), as the agent
    // here reads its program and title (the same, settled): a local agent's facts, field for field.
    hub.dispatch({
      type: 'agent_facts',
      id: agent.id,
      facts: { ...machineFacts(row), name: agent.name, program: agent.program, title: agent.info.title },
    });
    // Its conversation as its hub recorded it: shown here (that hub's session.json resumes it).
    if (typeof row.session === 'string' && row.session)
      hub.dispatch({ type: 'agent_session', id: local, session: row.session });
    if (row.state === 'exited') m.ptys.get(local)?.exited(row.exit_code ?? 0, row.signal ?? null);
    else {
      const source = (
        VERDICT_SOURCES.has(String(row.state_source)) ? row.state_source : 'quiet'
      ) as StateVerdict['source'];
      hub.dispatch({
        type: 'agent_state',
        id: local,
        verdict: { state: row.state as StateVerdict['state'], reason: row.reason, source },
        shown: hub.seen(local),
      });
    }
    return agent;
  }

  private closed(m: Machine, remote: string): void {
    const local = m.ids.get(remote);
    if (local === undefined) return;
    m.ids.delete(remote);
    m.ptys.delete(local);
    m.names.delete(local);
    this.report();
    this.hub.agents.remove(local);
  }

  private screen(m: Machine, remote: string, u: { cols: number; rows: number; data: string }): void {
    const local = m.ids.get(remote);
    const agent = local === undefined ? undefined : this.hub.agents.get(local);
    if (!agent) return;
    // The mirror holds the screen at the size it has there.
    if (agent.terminal.cols !== u.cols || agent.terminal.rows !== u.rows)
      agent.terminal.resize(u.cols, u.rows);
    m.ptys.get(local!)?.feed(u.data);
  }

  /** After a frame: the remote agents a panel shows now get their screens; the others only their states. */
  follow(): void {
    for (const m of this.machines.values()) {
      for (const [remote, local] of m.ids) {
        const agent = this.hub.agents.get(local);
        if (agent && !agent.isExited && (this.hub.shows(local) || this.held.has(local)))
          m.link.watch(remote, agent.terminal.cols, agent.terminal.rows);
        else m.link.unwatch(remote);
      }
    }
  }

  /**
   * A web page shows this agent's terminal: if it is another machine's, its screen comes over its
   * link until every page that holds it lets go (the returned function).
   */
  hold(localId: string): () => void {
    if (!this.remoteOf(localId)) return () => {};
    this.held.set(localId, (this.held.get(localId) ?? 0) + 1);
    this.follow();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const n = (this.held.get(localId) ?? 1) - 1;
      if (n > 0) this.held.set(localId, n);
      else this.held.delete(localId);
      this.follow();
    };
  }

  /**
   * new --machine NAME, app:spawn({ machine = NAME }): its hub there starts it (its own profiles,
   * hooks and worktrees); listed here once it did. Null (and a notice saying why) when it could not.
   */
  /** Starts an agent on its machine: the agent listed here, or why it did not start. */
  spawn(spec: AgentSpec, opts: { focus?: boolean } = {}): Promise<{ agent: Agent } | { notStarted: string }> {
    return this.spawnThere(spec, opts).then(
      (agent) =>
        agent ? { agent } : { notStarted: `agent "${spec.command}" not listed from ${spec.machine}` },
      (err: Error) => ({
        notStarted: `agent "${spec.command}" not started on ${spec.machine}: ${err.message}`,
      }),
    );
  }

  /** agent.restart of a remote agent: its own hub runs it again; the new one is listed when it starts. */
  async restart(localId: string): Promise<void> {
    const r = this.remoteOf(localId);
    if (r)
      await r.link
        .request({ op: 'run', command: 'agent.restart', agent: `id:${r.id}` })
        .catch((err: Error) => this.hub.notify(err.message));
  }

  private async spawnThere(spec: AgentSpec, opts: { focus?: boolean }): Promise<Agent | null> {
    const name = spec.machine!;
    const m = this.machines.get(name);
    if (!m)
      throw new Error(
        `no machine "${name}"${this.machines.size ? ` (the machines: ${[...this.machines.keys()].join(', ')})` : ' (machines.define names one)'}`,
      );
    const reply = await m.link.request(
      {
        op: 'new',
        command: spec.command,
        ...(spec.args ? { args: spec.args } : {}),
        ...(spec.name ? { name: spec.name } : {}),
        ...(spec.cwd ? { cwd: spec.cwd } : {}),
        ...worktreeOf(spec),
        focus: false,
      },
      120_000,
    );
    if (reply.ok !== true) throw new Error(`${name}: ${String(reply.error)}`);
    const agent = await this.upsert(name, m, reply.agent as AgentRow);
    if (agent && opts.focus !== false) this.hub.dispatch({ type: 'focus', id: agent.id });
    return agent ?? null;
  }

  /** Machine `name`'s link (undefined: no such machine). */
  link(name: string): MachineLink | undefined {
    return this.machines.get(name)?.link;
  }

  /** An agent machine `name`'s hub says it started (a move landed it there): listed here now. */
  async listed(name: string, row: AgentRow): Promise<Agent | undefined> {
    const m = this.machines.get(name);
    return m ? this.upsert(name, m, row) : undefined;
  }

  /** Where a remote agent runs: its machine's link and its id there. */
  remoteOf(localId: string): { link: MachineLink; id: string } | undefined {
    const machine = this.hub.agents.get(localId)?.machine;
    const m = machine ? this.machines.get(machine) : undefined;
    const id = m ? this.remoteId(m, localId) : undefined;
    return m && id !== undefined ? { link: m.link, id } : undefined;
  }

  private remoteId(m: Machine, localId: string): string | undefined {
    for (const [remote, local] of m.ids) if (local === localId) return remote;
    return undefined;
  }

  /** The machines as Lua and `ls` see them. */
  list(): MachineFacts[] {
    const now = performance.now();
    return [...this.machines.entries()].map(([name, m]) => linkFacts(name, m.link, m.ids.size, now));
  }

  /**
   * What `self.machines` shows, into the state: on every change of a machine, and each second while
   * one waits to be tried again (its `retry_in` counts down).
   */
  private report(): void {
    const list = this.list();
    this.hub.dispatch({
      type: 'hub_facts',
      facts: {
        machines: list.map(({ name, state, error, retry_in, agents }) => ({
          name,
          state,
          ...(error ? { error } : {}),
          ...(retry_in !== undefined ? { retry_in } : {}),
          agents,
        })),
      },
    });
    const waiting = list.some((m) => m.retry_in !== undefined);
    if (waiting && !this.ticker) this.ticker = setInterval(() => this.report(), 1000);
    else if (!waiting && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = null;
    }
  }

  dispose(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    this.offRemoved();
    for (const m of this.machines.values()) m.link.dispose();
    this.machines.clear();
  }
}

/** A worktree branch asked for (new --worktree B --machine M): its hub makes it there. */
function worktreeOf(spec: AgentSpec): { worktree?: string } {
  const w = spec.worktree;
  return w && typeof w === 'object' && w.branch ? { worktree: w.branch } : {};
}
