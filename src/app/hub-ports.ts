// Each part's port, filled from the hub's parts. A part handed over as an object must be built
// before the part that takes it (hub.ts builds them in that order); a callback may point at any.
import os from 'node:os';
import { promptRefusal } from '../lifecycle/prompt-gate.js';
import type { AgentPermissionsHost } from '../lifecycle/agent-permissions.js';
import { agentRecord } from '../hub/agent-record.js';
import { sayer } from './say.js';
import { isPlainShell, type AgentDriveHost } from '../lifecycle/agent-drive.js';
import type { PipelineHub } from '../pipelines/ports.js';
import { typeInto } from '../agents/type-into.js';
import type { FrameDeps } from '../frame/ports.js';
import type { ClientsDeps, InputDeps, KeyQueueDeps } from '../input/ports.js';
import { keyPressed } from '../input/hub-clients.js';
import type { LifecycleDeps } from '../lifecycle/ports.js';
import type { RequestContext, RunnerDeps } from '../commands/ports.js';
import { grantsOf } from '../plugins/lock.js';
import type { HubPluginsDeps } from '../plugins/hub-plugins.js';
import type { ConfigDeps } from '../reload/ports.js';
import { answerVerb } from '../verbs/call.js';
import { verbNamed } from '../verbs/table.js';
import type { ImprovementsHost } from '../improvements/improvements-service.js';
import { scrollAgent } from '../commands/hub-scroll.js';
import type { Parts } from './parts.js';
import type { HubBoxNetDeps } from '../server/hub-box-net.js';
import { keysFor } from '../keys/table-hints.js';
import type { AgentRunsHost } from '../pipelines/agent-runs.js';
import { policyDecision } from '../improvements/policy-decision.js';
import { readConfigFiles } from '../reload/config-files.js';
import { formatKeyForDisplay } from '../keys/key-spec.js';
import { noColorWanted } from '../ui/paint/no-color.js';

export function inputDeps(hub: Parts): InputDeps {
  return {
    store: hub.hubStore,
    agents: hub.agents,
    focused: () => hub.focused,
    typed: (id) => hub.typed(id),
    run: (binding) => hub.keyQueue.action(hub.runner.runBinding(binding)),
    emit: (event, payload) => void hub.events.emit(event, payload),
    compositor: () => hub.compositor,
    scroll: (id, lines) => scrollAgent(hub.requests, id, lines),
  };
}

/** What built-in commands and Lua's app:* ask with (intents, and the verbs' door). The runner is reached late: it is built with this. */
export function requestContext(hub: Parts): RequestContext {
  const { opts } = hub;
  return {
    store: hub.hubStore,
    agents: hub.agents,
    focused: () => hub.focused,
    notify: sayer(hub),
    panelOf: (id) => hub.panelOf(id),
    keymap: hub.inputCtl,
    commands: hub.commands,
    runner: {
      runCommand: (...args) => hub.runner.runCommand(...args),
      runLua: (...args) => hub.runner.runLua(...args),
      within: (improvement, dispatch) => hub.runner.within(improvement, dispatch),
      refuse: (message) => hub.runner.refuse(message),
    },
    reviews: hub.reviews,
    lua: hub.lua,
    keysOf: () => hub.keysOf,
    typingIn: () => typingIn(hub),
    improvementPusher: (name) => hub.improvements.history.livePusher(name),
    // (the drive is built after this: reached when a focus is asked for, long after)
    drive: {
      may: (from, to) => hub.drive.may(from, to),
      ask: (from, to, what, signal, wait) => hub.drive.ask(from, to, what, signal, wait),
      verdict: (from, to) => hub.drive.verdict(from, to),
      luaMay: (lua, pusher, to, what, signal) => hub.drive.luaMay(lua, pusher, to, what, signal),
    },
    // The control port is built last (hub.ts): reached when Lua asks, long after.
    verb: (name, args, who, origin) =>
      answerVerb(hub.control, name, args, who, (p) => grantsOf(opts.home, p), origin),
    verbWaits: (name) => verbNamed(name)?.waits === true,
    track: (p) => hub.inFlight.track(p),
    plugins: { granted: (name) => grantsOf(opts.home, name) },
  };
}

/** The agent the user types into: a client is served, in a passthrough mode (insert); null: none. */
export function typingIn(hub: Parts): string | null {
  const s = hub.hubStore.state;
  return s.clientId !== null && hub.inputCtl.passesThrough(s.client.mode) ? s.client.focus : null;
}

/** The agent that started pipeline run `run` (null: the user did; undefined: no such run). */
export function pipelineStartedBy(hub: Parts, run: string): string | null | undefined {
  if (!hub.pipelines.get(run)) return undefined;
  return hub.agentRuns.startedBy(run) ?? null;
}

/** The plugins room: the palette's plugin.* commands and self.plugins. */
export function pluginsDeps(hub: Parts): HubPluginsDeps {
  return {
    home: hub.opts.home,
    // Loaded when a plugin is added or updated: it brings a Lua engine into this thread, which the
    // hub's start must not pay for (Lua runs in the worker).
    check: async (dir, m, granted) =>
      (await import('../reload/plugin-check.js')).checkPluginLoads(hub.opts.home, dir, m, granted),
    notify: sayer(hub),
    report: (plugins) => hub.hubStore.dispatch({ type: 'hub_facts', facts: { plugins } }),
  };
}

/** A plugin's grants as the lock says now (a revoked one is refused at once, before the reload). */
/** What the pipeline runner drives the hub with. */
export function pipelineHub(hub: Parts): PipelineHub {
  return {
    start: (spec, o) => hub.lifecycle.start(spec, o),
    stop: (agent) => hub.lifecycle.kill(agent),
    type: (agent, text, keys) => {
      if (!agent.isExited) typeInto(hub, agent, text, keys);
    },
    store: hub.hubStore,
    agents: hub.agents,
    emit: (event, payload) => void hub.events.emit(event, payload, String(payload.pipeline ?? '')),
    promptRefused: async (agent) =>
      (
        await promptRefusal(
          (e, p, subject) => hub.events.emit(e, p, subject),
          agent,
          hub.hubStore.state.facts.shell,
          'pipeline',
          "the step's prompt",
        )
      )?.why ?? null,
    notify: sayer(hub),
    log: (level, message) => hub.log.write(level, message),
    lua: {
      load: (file) => hub.lua.pipelineLoad(file),
      def: (id, file) => hub.lua.pipelineDef(id, file),
      call: (id, name, args, file) => hub.lua.pipelineCall(id, name, args, file),
    },
    worktrees: hub.worktreeFlow,
    facts: (pipelines) => hub.hubStore.dispatch({ type: 'hub_facts', facts: { pipelines } }),
    home: hub.opts.home,
    pluginGrants: (name) => grantsOf(hub.opts.home, name),
    lineage: (agent, by) => {
      const lua = by.lua ?? (by.agent ? hub.drive.luaAncestry(by.agent) : undefined);
      if (lua) hub.drive.startedByLua(agent, lua);
    },
    now: () => hub.clock.now(),
  };
}

export function runnerDeps(hub: Parts): RunnerDeps {
  return {
    store: hub.hubStore,
    clock: hub.clock,
    lua: hub.lua,
    commands: hub.commands,
    context: hub.requests,
    appData: () => hub.frame.appData(),
    notify: sayer(hub),
    offerTree: (offer) => hub.frame.offerTree(offer),
    dispatches: hub.hubStore,
    stateStore: hub.store,
    log: (level, message) => hub.log.write(level, message),
    disposed: () => hub.disposed,
  };
}

export function configDeps(hub: Parts): ConfigDeps {
  return {
    plugins: hub.plugins,
    sources: hub.opts,
    projects: hub.projects,
    store: hub.hubStore,
    lua: hub.lua,
    appData: () => hub.frame.appData(),
    memoryTrim: hub.agents.memoryTrim,
    events: hub.events,
    pushImprovement: (req) => hub.improvements.push(req),
    notify: (text, level) => hub.hubStore.notify(text, level),
    log: (level, message) => hub.log.write(level, message),
    disposed: () => hub.disposed,
  };
}

export function improvementsHost(hub: Parts): ImprovementsHost {
  return {
    home: hub.opts.home,
    lua: hub.lua,
    bindings: () => hub.inputCtl.bindings,
    commandStack: (id) => hub.commands.stack(id),
    reload: async (file) => {
      await hub.config.reload([file]);
      return hub.state.configError;
    },
    notify: (message) => sayer(hub)(message, 'info'),
    emit: (event, payload) => void hub.events.emit(event, payload, String(payload.name ?? '')),
    report: (improvements) => hub.hubStore.dispatch({ type: 'hub_facts', facts: { improvements } }),
    withdrawQuestions: (key) => hub.hubStore.dispatch({ type: 'question_withdraw', key }),
    wayOut: () => hub.inputCtl.wayOut,
    log: (level, message) => hub.log.write(level, message),
    collaborativeWaitMs: hub.opts.collaborativeWaitMs,
  };
}

/** What reviews the pipeline runs agents ask for (pipelines/agent-runs.ts). */
export function agentRunsHost(hub: Parts): AgentRunsHost {
  const home = hub.opts.home;
  return {
    trial: (file) =>
      hub.lua.pipelineTrial(
        file,
        readConfigFiles({ home }).filter((f) => f.layer === 'core'),
        hub.config.profiles.map((p) => p.name),
      ),
    def: (id) => hub.lua.pipelineDef(id),
    review: (change) => policyDecision(home, (policy, c) => hub.lua.review(policy, c), change),
    start: (opts) => hub.pipelines.start(opts),
    agentName: (id) => hub.agents.get(id)?.name ?? null,
    emit: (event, payload) => void hub.events.emit(event, payload, String(payload.pipeline ?? '')),
    notify: sayer(hub),
    log: (level, message) => hub.log.write(level, message),
    waitMs: () => hub.opts.collaborativeWaitMs ?? 10000,
    paletteKeys: () => {
      const open = keysFor(hub.inputCtl.bindingsFor('normal'), 'palette.open')[0];
      return open ? `${formatKeyForDisplay(hub.inputCtl.wayOut)} ${open}` : 'the palette';
    },
  };
}

/** Who may drive which agent (lifecycle/agent-drive.ts): asks through lua/default/drive.lua. */
/** The boxes' network (server/hub-box-net.ts): asks through lua/default/sandbox_hosts.lua. */
export function boxNetDeps(hub: Parts): HubBoxNetDeps {
  return {
    agents: hub.agents,
    ...(hub.opts.ptys?.keeperDir ? { keeperDir: hub.opts.ptys.keeperDir } : {}),
    box: (id) => {
      const agent = hub.agents.get(id);
      return agent ? (agent.spec.box ?? null) : undefined;
    },
    agentName: (id) => hub.agents.get(id)?.name ?? null,
    hostAnswers: (id) => hub.lifecycle.records.get(id)?.hosts,
    answerHost: (id, host, allow) => {
      // (a restart, --restore or the next server's adoption keeps it: written with the agent)
      if (hub.lifecycle.records.answerHost(id, host, allow)) hub.sessions.changed();
    },
    emit: (event, payload) => void hub.events.emit(event, payload, String(payload.request ?? '')),
    log: (level, msg) => hub.log.write(level, msg),
  };
}

export function agentDriveHost(hub: Parts): AgentDriveHost {
  return {
    agentName: (id) => hub.agents.get(id)?.name ?? null,
    emit: (event, payload) => void hub.events.emit(event, payload, String(payload.request ?? '')),
    notify: sayer(hub),
    open: () => hub.config.settings.agents_drive_others === true,
    plainShell: (id) => {
      const agent = hub.agents.get(id);
      return agent !== undefined && isPlainShell(agent.spec, hub.hubStore.state.facts.shell);
    },
    // A caller that keeps waiting gets the user's answer whenever it comes (a bound: tests).
    waitMs: (held) => hub.opts.collaborativeWaitMs ?? (held ? Infinity : 8000),
    led: (child, lead) => hub.hubStore.dispatch({ type: 'agent_facts', id: child, facts: { lead } }),
  };
}

export function lifecycleDeps(hub: Parts): LifecycleDeps {
  return {
    store: hub.hubStore,
    clock: hub.clock,
    agents: hub.agents,
    events: hub.events,
    status: hub.status,
    focused: () => hub.focused,
    leads: { of: (id) => hub.drive.startedBy(id), set: (child, lead) => hub.drive.started(child, lead) },
    seen: (id) => hub.frame.seen(id),
    settings: () => hub.config.settings,
    profiles: () => hub.config.profiles,
    wayOut: () => hub.inputCtl.wayOut,
    track: (p) => hub.inFlight.track(p),
    disposed: () => hub.disposed,
    notify: sayer(hub),
    worktrees: hub.worktrees,
    projects: hub.projects,
    machines: hub.machines,
  };
}

export function frameDeps(hub: Parts): FrameDeps {
  const { opts } = hub;
  return {
    store: hub.hubStore,
    clock: hub.clock,
    agents: hub.agents,
    reviews: hub.reviews,
    dispatches: hub.hubStore,
    machines: hub.machines,
    keymap: hub.inputCtl,
    lua: hub.lua,
    renderer: hub.renderer,
    scheduler: hub.scheduler,
    stats: hub.stats,
    cols: opts.cols,
    rows: opts.rows,
    write: opts.write,
    ownTerminal: !opts.detach,
    noColor: opts.noColor ?? (() => noColorWanted()),
    outputEvent: (agent) => hub.events.agentOutput(agent),
    disposed: () => hub.disposed,
  };
}

export function clientsDeps(hub: Parts): ClientsDeps {
  return {
    store: hub.hubStore,
    clock: hub.clock,
    settle: () => hub.inputCtl.settle(),
    // Objects, not closures: a typed key's way to the agent passes no wiring.
    queue: hub.keyQueue,
    keymap: hub.inputCtl,
    key: (ev, id) => {
      // (The user's terminal's own focus report goes to the focused agent's program: no key.)
      if (ev.kind === 'focus') return hub.agents.focus.terminal(ev.name === 'focusin');
      // (A mouse move is no key the user pressed.)
      if (ev.kind === 'key' || ev.kind === 'paste') keyPressed(hub.hubStore);
      hub.keyQueue.key(ev, id);
    },
    inputDone: () => hub.inputCtl.inputDone(),
    redraw: (id) => {
      hub.frame.redraw(id);
      hub.scheduler.request(true);
    },
    fitAgents: () => hub.frame.fitAgents(),
    userHere: () => {
      hub.webPushes.typed();
      hub.config.poke();
    },
  };
}

export function keyQueueDeps(hub: Parts): KeyQueueDeps {
  return {
    store: hub.hubStore,
    keymap: hub.inputCtl,
    activate: (id) => hub.clients.activate(id),
    track: (p) => hub.inFlight.track(p),
    log: (level, message) => hub.log.write(level, message),
  };
}

/** The permission questions' port (lifecycle/agent-permissions.ts). */
export function agentPermissionsHost(hub: Parts): AgentPermissionsHost {
  return {
    // (the configuration's policy with the hub as keys and commands see it)
    decide: (q) => hub.lua.permission(q, hub.frame.appData()),
    record: (id) => agentRecord(hub.hubStore.state, id),
    allowed: (id) => hub.lifecycle.records.get(id)?.allowed ?? [],
    allowAlways: (id, key) => {
      // (a restart, --restore or the next server's adoption keeps it: written with the agent)
      if (hub.lifecycle.records.allow(id, key)) hub.sessions.changed();
    },
    setPending: (id, permission) => hub.hubStore.dispatch({ type: 'agent_facts', id, facts: { permission } }),
    log: (level, message) => hub.log.write(level, message),
    notify: sayer(hub),
    emit: (event, payload, subject) => void hub.events.emit(event, payload, subject),
    home: os.homedir(),
  };
}
