// The hosts of the parts that take callbacks (the effect runner, the event bridge, the status
// detector, sessions, worktrees, review diffs, projects), wired from the hub's parts.
import { sayer } from './say.js';
import type { MachinesHost } from '../remote/hub-machines.js';
import type { EffectHost } from '../effects/run-effects.js';
import { agentPayload, type EventHost } from '../effects/hub-events.js';
import { statusOf, type AgentState } from '../hub/agent-state.js';
import { detected, programName } from '../status/hub-status.js';
import { agentRecord } from '../hub/agent-record.js';
import { stateFields } from '../hub/agent-state.js';
import type { DetectorHost } from '../status/status-detector.js';
import { keepPending, pendingCaseOf } from '../status/pending-cases.js';
import type { Parts } from './parts.js';
import type { Result } from '../hub/result.js';
import type { ConfigReader } from '../hub/configuration.js';
import { diffAgentOf, diffLines } from '../frame/diff-view.js';
import type { SessionsHost } from '../lifecycle/hub-sessions.js';
import type { WorktreesHost } from '../lifecycle/agent-worktrees.js';
import type { WorktreeFlowHost } from '../lifecycle/worktree-flow.js';
import type { ReviewHost } from '../frame/review-diffs.js';
import type { ReviewCommentsHost } from '../review/review-comments.js';
import { worktreeDiff } from '../agents/git-diff.js';
import { parseDiff } from '../ui/diff/diff-doc.js';
import { forgetMade, recordMade } from '../lifecycle/wt-made.js';
import type { ProjectsHost } from '../reload/hub-projects.js';

/** After each reducer step: the frame it makes dirty is asked for, then its effects run. */
export function afterReduce(hub: Parts): (res: Result) => void {
  return (res) => {
    if (res.dirty.tree) hub.scheduler.request(res.dirty.urgent);
    if (res.effects.length) hub.effects.run(res.effects);
  };
}

/** What the frame scheduler runs when a frame is due. */
export function renderFrame(hub: Parts): () => Promise<void> {
  return () => hub.frame.render();
}

/** What the parts hear from one another (and the log from Lua); returns how to stop each. */
export function connect(hub: Parts): Array<() => void> {
  return [
    // The frames follow the state first: clients that came and went, views to draw again.
    hub.hubStore.subscribe((prev, next, tree) => hub.frame.stateChanged(prev, next, tree)),
    // The focused agent's program hears it has the focus (focus reports, when it asked for them).
    hub.hubStore.subscribe((_prev, next) => hub.agents.focus.follow(next.client.focus)),
    hub.agents.onAdded((agent) => hub.lifecycle.added(agent)),
    hub.agents.onChange((agent, info) => hub.lifecycle.changed(agent, info)),
    hub.agents.onRemoved((agent) => {
      hub.lifecycle.removed(agent);
      hub.drive.removed(agent.id);
      hub.boxNet.gate.removed(agent.id);
    }),
    // A key's echo is drawn before it is parsed; the frame drawn from the parsed screen finds it there.
    hub.agents.onEcho((agent, echo) => hub.frame.echo(agent.id, echo)),
    hub.agents.onOutput((agent) => {
      hub.status.output(agent.id);
      hub.frame.agentOutput(agent);
    }),
    hub.lua.onLog((level, message) => hub.log.write(level, `lua: ${message}`)),
    hub.lua.onRestart((reason) => hub.log.write('error', `lua worker restarted: ${reason}`)),
    hub.lua.onRestored((res) => hub.config.restored(res)),
    // Lua's timers, HTTP requests and processes finished: their callbacks run like a hook's, and
    // what they changed in Lua (a piece's text) is drawn: a fact for the reducer, which asks for a frame.
    hub.lua.onDue((owner) => {
      void hub.runner
        .runLua(
          () => hub.lua.runDue(hub.hubStore.state, owner),
          owner ? `${owner} (a timer or task)` : 'a timer or task',
          owner ?? undefined,
        )
        .then(() => {
          if (!hub.disposed) hub.hubStore.dispatch({ type: 'lua_ran' });
        });
    }),
  ];
}

/** What the worktrees of agents need: notices, hooks, trust, the offer to remove a clean one. */
export function worktreesHost(hub: Parts): WorktreesHost {
  return {
    notify: sayer(hub),
    unnotify: (id) => hub.hubStore.unnotify(id),
    emit: (event, payload, subject) => hub.events.emit(event, payload, subject),
    trusted: (repo) => hub.projects.trustedNow(repo),
    running: (id) => !!hub.agents.get(id) && !hub.agents.get(id)!.isExited,
    offer: (wt, info) => hub.lifecycle.offers.consider(wt, info),
    working: (path) => hub.worktreeFlow.working(path),
    report: (intent) => hub.hubStore.dispatch(intent),
    made: (wt) => {
      try {
        recordMade(hub.opts.home, wt);
      } catch (err) {
        hub.log.write('warn', `worktrees.json: ${(err as Error).message}`);
      }
    },
    unmade: (path) => {
      try {
        forgetMade(hub.opts.home, [path]);
      } catch (err) {
        hub.log.write('warn', `worktrees.json: ${(err as Error).message}`);
      }
    },
  };
}

/** What finishing and discarding worktrees need. */
export function worktreeFlowHost(hub: Parts): WorktreeFlowHost {
  return {
    agent: (id) => hub.agents.get(id ?? hub.state.client.focus ?? ''),
    worktreeOf: (id) => hub.worktrees.of(id),
    notify: sayer(hub),
    unnotify: (id) => hub.hubStore.unnotify(id),
    emit: (event, payload, subject) => void hub.events.emit(event, payload, subject),
    gone: (agent, wt) => {
      // Its comments go with it; the log keeps them.
      const comments = hub.comments.forget(agent.id);
      if (comments.length)
        hub.log.write(
          'info',
          `review comments of ${agent.info.name} (${wt.branch}), gone with its worktree: ${JSON.stringify(comments)}`,
        );
      hub.lifecycle.offers.forget(wt.path);
      // (its record in worktrees.json goes too: the hub removed it)
      hub.worktrees.forgetPath(wt.path);
      if (hub.agents.get(agent.id) === agent) hub.agents.remove(agent.id);
    },
  };
}

/** What the review panels' diffs need: where an agent works, and a frame when one changes. */
export function reviewHost(hub: Parts): ReviewHost {
  return {
    place: (id) => {
      const a = hub.agents.get(id);
      const wt = hub.worktrees.of(id);
      return a ? { dir: wt?.path ?? a.info.cwd, base: wt?.base ?? null } : null;
    },
    track: (p) => hub.inFlight.track(p),
    report: (intent) => hub.hubStore.dispatch(intent),
    log: (message) => hub.log.write('error', message),
    get disposed() {
      return hub.disposed;
    },
    marks: (agent) => hub.comments.marks(agent),
    diffMade: (agent) =>
      hub.inFlight.track(
        hub.comments.check(agent).then(
          () => undefined,
          () => undefined,
        ),
      ),
  };
}

/** What review comments need: where an agent works, its diff's files, hooks, the panel. */
export function reviewCommentsHost(hub: Parts): ReviewCommentsHost {
  const place = reviewHost(hub).place;
  return {
    home: hub.opts.home,
    place: (id) => {
      const p = place(id);
      const a = hub.agents.get(id);
      return p && a ? { ...p, name: a.info.name } : null;
    },
    diffFiles: async (id) => {
      const p = place(id);
      if (!p) return [];
      const raw = await worktreeDiff(p.dir, p.base, 'all');
      return (await parseDiff(raw.text, raw.against, raw.truncated)).files.map((f) => f.path);
    },
    report: (intent) => hub.hubStore.dispatch(intent),
    emit: (event, payload, subject) => hub.events.emit(event, payload, subject),
    marksChanged: (agent) => hub.reviews.marksChanged(agent),
    log: (message) => hub.log.write('error', message),
  };
}

/** What projects (.botster/) need: the configuration loaded again, their events and notices. */
export function projectsHost(hub: Parts): ProjectsHost {
  return {
    home: hub.opts.home,
    hasAgent: (id) => !!hub.agents.get(id),
    report: (intent) => hub.hubStore.dispatch(intent),
    load: () => hub.config.load(),
    reload: (paths) => hub.config.reload(paths),
    emit: (event, payload, subject) => void hub.events.emit(event, payload, subject),
    notify: sayer(hub),
    log: (message) => hub.log.write('warn', message),
    get disposed() {
      return hub.disposed;
    },
  };
}

/** Hub events after which session.json is out of date. */
const RECORDED_EVENTS = new Set(['agent_spawned', 'agent_exited']);
/** And those after which only a keeper's record is (an agent's state, its usage). */
const KEPT_EVENTS = new Set(['agent_state_changed', 'agent_usage_changed']);

/** What session.json and resuming need from the hub (lifecycle/hub-sessions.ts). */
export function sessionsHost(hub: Parts): SessionsHost {
  return {
    home: hub.opts.home,
    agents: () => hub.lifecycle.sessionAgents(),
    keep: () => hub.lifecycle.keepRecords(),
    watch: (changed) => {
      const tap = (event: string) => {
        if (RECORDED_EVENTS.has(event)) changed();
        else if (KEPT_EVENTS.has(event)) changed('keepers');
      };
      hub.events.taps.add(tap);
      const offRemoved = hub.agents.onRemoved(() => changed());
      return () => {
        hub.events.taps.delete(tap);
        offRemoved();
      };
    },
    log: (level, message) => hub.log.write(level, message),
    notify: sayer(hub),
    resume: (agents) => hub.lua.resume(agents),
    spawn: async (spec, carry, id) => {
      const agent = await hub.lifecycle.spawn(spec, { focus: false, carry, ...(id ? { id } : {}) });
      if (agent && !hub.focused) hub.hubStore.dispatch({ type: 'focus', id: agent.id });
      return agent?.info.name ?? null;
    },
    emit: (event, payload) => void hub.events.emit(event, payload),
    get disposed() {
      return hub.disposed;
    },
  };
}

/** What the effect runner needs from the hub: the hub's services, as callbacks. */
export function effectHost(hub: Parts): EffectHost {
  return {
    dispatch: (intent) => hub.hubStore.dispatch(intent),
    emit: (event, payload, subject) => {
      // focus_changed carries the agent it went to
      if (event === 'focus_changed') {
        const agent = hub.agents.get(String(payload.to));
        if (agent) void hub.events.emit(event, { ...payload, agent: agentPayload(agent.info) });
        return;
      }
      if (event === 'agent_state_changed') return stateChanged(hub, payload);
      void hub.events.emit(event, payload, subject ?? null);
    },
    log: (level, text) => hub.log.write(level, text),
    // OSC 52 (copy) goes to the client that copied.
    write: (data) => hub.opts.write(data, hub.state.clientId ?? undefined),
    lines: (id, from, to) => {
      const diff = diffAgentOf(id);
      const r = hub.state.client.review;
      if (diff !== null)
        return r && r.agent === diff ? diffLines(hub.reviews.get(diff, r.mode)).slice(from, to + 1) : null;
      const t = hub.agents.get(id)?.terminal;
      if (!t) return null;
      const out: string[] = [];
      for (let i = from; i <= to; i++) out.push(t.lineText(i));
      return out;
    },
    run: (id, arg) => hub.keyQueue.action(hub.runner.runCommand(id, arg, 'palette')),
    choose: (action, value, arg, by) =>
      hub.keyQueue.action(hub.runner.choose(action, value, arg, undefined, by)),
    configured: (generation) => {
      const live = hub.config.live;
      if (live?.generation === generation) for (const part of configReaders(hub)) part.configured(live);
    },
  };
}

/**
 * The parts that read each configuration that goes live (the `configured` effect), in this
 * order: the frame's last good tree, the pieces, the machines, the plugins, the CLIs, the events,
 * the commands, then the keymap (its bindings run those commands) and the status adapters.
 */
function configReaders(hub: Parts): ConfigReader[] {
  return [
    hub.frame,
    hub.lua.pieces,
    hub.machines,
    hub.plugins,
    hub.clis,
    hub.events,
    hub.runner,
    hub.inputCtl,
    hub.status,
  ];
}

/** What the event bridge needs from the hub: Lua, notes on screen, the app, and applying requests. */
export function eventHost(hub: Parts): EventHost {
  return {
    record: (id) => agentRecord(hub.state, id),
    lua: hub.lua,
    note: (note) => hub.hubStore.notify(note, 'error'),
    unnote: (id) => hub.hubStore.unnotify(id),
    log: (msg) => hub.log.write('error', msg),
    afterLua: () => hub.runner.scheduleStateSave(),
    view: () => hub.frame.appData(),
    apply: (requests, source, about) => hub.runner.applyRequests(requests, source, about),
  };
}

/** What the status detector needs from the hub. */
export function statusHost(hub: Parts): DetectorHost {
  return {
    agent: (id) => {
      const a = hub.agents.get(id);
      return a ? detected(a) : undefined;
    },
    payload: (id) => {
      const a = hub.agents.get(id);
      return a
        ? { ...agentPayload(a.info), program: programName(a), ...stateFields(hub.state.agentStates[id]) }
        : null;
    },
    stateOf: (id) => hub.state.agentStates[id]?.state ?? 'running',
    bellAt: (id) => hub.state.bellAt[id],
    shown: (id) => hub.frame.seen(id),
    ask: (agent, screen, explain) => hub.lua.detectStatus(agent, screen, explain),
    verdict: (id, verdict, shown) => hub.hubStore.dispatch({ type: 'agent_state', id, verdict, shown }),
    programChanged: (id) => {
      hub.lifecycle.programChanged(id);
      // `claude` typed into a shell agent: resuming it needs to know (not at once).
      hub.sessions.programChanged();
    },
    keepPending: (id, facts, d, version) => {
      const a = hub.agents.get(id);
      // (What an agent's screen says goes to a file of the home only when you asked for it.)
      if (!a || hub.config.settings.pending_cases !== true) return null;
      try {
        const kept = keepPending(
          hub.opts.home,
          pendingCaseOf({ program: programName(a), agent: a.info.name, facts, d, version }),
        );
        hub.log.write(
          'info',
          `${a.info.name} said ${d.report.state}, its screen read ${d.screen.state}: kept as pending case ${kept} (botster-tui cases)`,
        );
        return kept;
      } catch (err) {
        hub.log.write('warn', `could not keep a pending case: ${(err as Error).message}`);
        return null;
      }
    },
    versioned: (program) => hub.clis.versioned(program),
    log: (message) => hub.log.write('error', message),
  };
}

/**
 * agent_state_changed with the agent (its state fields included), and agent_status_changed when
 * the older coarse status changed with it (done counts as idle there).
 */
function stateChanged(hub: Parts, p: Record<string, unknown>): void {
  const agent = hub.agents.get(String(p.id));
  if (!agent) return;
  const info = agent.info;
  const facts = {
    ...agentPayload(info),
    program: programName(agent),
    ...stateFields(hub.state.agentStates[info.id]),
    shown: hub.frame.seen(info.id),
  };
  const from = String(p.from) as AgentState;
  const to = String(p.to) as AgentState;
  void hub.events.emit(
    'agent_state_changed',
    { agent: facts, from, to, reason: p.reason ?? null },
    info.name,
  );
  if (statusOf(from) !== statusOf(to))
    void hub.events.emit(
      'agent_status_changed',
      { agent: { ...facts, status: statusOf(to) }, from: statusOf(from), to: statusOf(to) },
      info.name,
    );
}

/** What settings.machines' links need of the hub (src/remote/hub-machines.ts). */
export function machinesHost(hub: Parts): MachinesHost {
  return {
    agents: hub.agents,
    dispatch: (i) => hub.hubStore.dispatch(i),
    seen: (id) => hub.frame.seen(id),
    shows: (id) => hub.frame.shows(id),
    notify: (text) => hub.hubStore.notify(text),
    log: (level, message) => hub.log.write(level, message),
    disposed: () => hub.disposed,
  };
}
