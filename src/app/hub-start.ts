import { plannedAgent, plannedIds } from '../lifecycle/initial-app.js';
import { needsNewWorktree } from '../lifecycle/agent-worktree.js';
import { sameAgents } from '../lifecycle/spawn-spec.js';
import { trace } from '../trace/trace.js';
import { planRestore } from '../lifecycle/restore.js';
import type { ClientState } from '../hub/state.js';
import type { Parts } from './parts.js';

/**
 * From a built hub to its first frame: configuration, planned layout, agents started.
 * `interactive`: the hub takes keys from now on (its first frame is drawn, its first agent runs).
 */
export async function boot(hub: Parts, interactive: () => void): Promise<void> {
  const { opts, lua, frame, config, agents, scheduler, lifecycle } = hub;
  trace('hub: constructed');
  // The agents' CLI shims are written once the first frame is out (their agents start after it).
  hub.clis.hold();
  // The worker boots while the UI warms up; both are on the way to the first frame.
  const luaReady = lua.start();
  hub.renderer.warmUp();
  // Warming the painter up only pays while Lua is still at work; done, it would delay the frame.
  // (A turn of the event loop first: the worker's answer may be waiting for this thread.)
  if (await stillConfiguring(lua)) hub.compositor.warmUp();
  if (await stillConfiguring(lua)) opts.whileLuaWorks?.();
  trace('hub: ui warmed up');
  await luaReady;
  trace('hub: lua worker ready');
  // Lay out once with the agents as they are about to be, so each PTY starts at the size of its
  // panel: a shell resized while it prints its first prompt garbles it.
  const restoring = planRestore(opts.restore ?? []).plans;
  const ids = plannedIds(
    [...restoring.map((p) => p.record.id), ...opts.agents.map(() => undefined)],
    opts.firstId,
  );
  const plan = [...restoring.map((p) => p.spec), ...opts.agents].map((spec, i) => plannedAgent(spec, ids[i]));
  hub.dispatch({ type: 'hub_facts', facts: { planned: plan } });
  hub.dispatch({ type: 'planned_focus', id: plan[0]?.id ?? null });
  await config.load();
  trace('hub: configured');
  for (const c of opts.clients?.() ?? []) hub.clients.attach(c.id, c.cols, c.rows, c.machine);
  const planned = frame.plannedLayout();
  if (planned) agents.setDefaultSize(planned.w, planned.h);
  trace('hub: planned layout');
  // Show the planned frame now (agents listed, their screens still blank) and start the agents
  // right after: the first frame does not wait for the forks.
  if (planned) {
    frame.active.layoutDirty = false;
    frame.active.treeDirty = false;
    await frame.render();
    scheduler.frames++;
  }
  // What the agents need on disk (their bin/, the CLIs' shims), now the frame is out.
  try {
    opts.beforeAgents?.();
  } finally {
    hub.clis.release();
  }
  trace("hub: agents' files written");
  hub.dispatch({ type: 'hub_facts', facts: { planned: null } });
  hub.dispatch({ type: 'planned_focus', id: null });
  const shown = { view: hub.state.client, clientId: hub.state.clientId, treeSeq: frame.active.treeSeq };
  // Agents start in order; from the first that needs a new git worktree on, they start in the
  // background so a slow git never holds up the first keys and frames.
  // Agents keepers held (the server before this one crashed or handed over) first, as they are.
  if (opts.adopt?.length) {
    await agents.ready();
    for (const k of opts.adopt) lifecycle.adoptKept(k);
    const first = agents.list()[0];
    if (first && !hub.state.client.focus) hub.dispatch({ type: 'focus', id: first.id });
    hub.sessions.changed();
  }
  // Recorded agents next (--restore), each in its conversation when its profile knows how.
  if (opts.restore?.length) await hub.sessions.resume(opts.restore);
  const specs = opts.agents;
  const slow = specs.findIndex((spec) => needsNewWorktree(lifecycle.resolveProfile(spec, { quiet: true })));
  let taking = false;
  const takeKeys = () => {
    if (taking || hub.disposed) return;
    taking = true;
    interactive();
  };
  scheduler.hold(true);
  try {
    for (const spec of slow < 0 ? specs : specs.slice(0, slow)) {
      await lifecycle.spawn(spec, { focus: false });
      takeKeys();
      // A spawn without Lua hooks is a fork and microtasks: without a turn of the event loop
      // between agents, no key, resize or frame would get through until the last one started.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    scheduler.hold(false);
  }
  takeKeys();
  if (slow >= 0) hub.track(lifecycle.spawnInOrder(specs.slice(slow)));
  trace('hub: agents spawned');
  // Work that waited for the first frame (the next configuration begun ahead) may start now.
  lua.startedUp();
  // The planned frame already shows these agents (same ids and names) and nothing else changed
  // since (no key, no frame drawn meanwhile): paint it as it is instead of asking Lua for the same
  // tree again.
  const untouched =
    hub.state.clientId === shown.clientId &&
    frame.active.treeSeq === shown.treeSeq &&
    sameView(hub.state.client, shown.view);
  const same = untouched && planned && sameAgents(plan, hub.appData().agents) && !hub.state.configError;
  frame.started(!!same);
  // After the planned-frame shortcut above, which would keep the notice off the screen.
  if (opts.notices?.length) hub.notify(opts.notices.join('; '));
  scheduler.request(true);
  // The repository the hub was started in: its .botster/ (if any) is found now, as an agent's is.
  hub.track(hub.projects.note(process.cwd()));
}

/** Whether the first configuration is still being evaluated, once the answers that came are in. */
async function stillConfiguring(lua: Parts['lua']): Promise<boolean> {
  if (!lua.preconfiguring) return false;
  await new Promise((resolve) => setImmediate(resolve));
  return lua.preconfiguring;
}

/** The same view but for the focus (the planned frame focused the first planned agent). */
function sameView(a: ClientState, b: ClientState): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as Array<keyof ClientState>);
  for (const k of keys) if (k !== 'focus' && a[k] !== b[k]) return false;
  return true;
}
