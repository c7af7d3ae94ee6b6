import { plannedAgent } from '../lifecycle/initial-app.js';
import { needsNewWorktree } from '../lifecycle/agent-worktree.js';
import { sameAgents } from '../lifecycle/spawn-spec.js';
import { trace } from '../trace/trace.js';
import { planRestore } from '../lifecycle/restore.js';
import type { Hub } from './hub.js';

/** What a hub server adds to the hub's options for its start. */
export interface BootOptions {
  /** Clients that attached while the hub's code loaded: they are served its first frame, at their size. */
  clients?: () => Array<{ id: string; cols: number; rows: number }>;
}

/** From a built hub to its first frame: configuration, planned layout, agents started. */
export async function boot(hub: Hub): Promise<void> {
  trace('hub: constructed');
  // The worker boots while the UI warms up; both are on the way to the first frame.
  const luaReady = hub.lua.start();
  hub.renderer.warmUp();
  // Warming the painter up only pays while Lua is still at work; done, it would delay the frame.
  if (hub.lua.preconfiguring) hub.compositor.warmUp();
  trace('hub: ui warmed up');
  await luaReady;
  trace('hub: lua worker ready');
  // Lay out once with the agents as they are about to be, so each PTY starts at the size of its
  // panel: a shell resized while it prints its first prompt garbles it.
  const restoring = planRestore(hub.opts.restore ?? []).specs;
  hub.frame.planned = [...restoring, ...hub.opts.agents].map((spec, i) => plannedAgent(spec, i));
  hub.state = { ...hub.state, client: { ...hub.state.client, focus: hub.frame.planned[0]?.id ?? null } };
  await hub.config.load();
  trace('hub: configured');
  for (const c of hub.opts.clients?.() ?? []) hub.clients.attach(c.id, c.cols, c.rows);
  const planned = hub.frame.plannedLayout();
  if (planned) hub.agents.setDefaultSize(planned.w, planned.h);
  trace('hub: planned layout');
  const plan = hub.frame.planned;
  // Show the planned frame now (agents listed, their screens still blank) and start the agents
  // right after: the first frame does not wait for the forks.
  if (planned) {
    hub.frame.active.layoutDirty = false;
    hub.frame.active.treeDirty = false;
    await hub.frame.render();
    hub.scheduler.frames++;
  }
  hub.frame.planned = null;
  hub.state = { ...hub.state, client: { ...hub.state.client, focus: null } };
  // Agents start in order; from the first that needs a new git worktree on, they start in the
  // background so a slow git never holds up the first keys and frames.
  // Recorded agents first (--restore), each in its conversation when its profile knows how.
  if (hub.opts.restore?.length) await hub.sessions.resume(hub.opts.restore);
  const specs = hub.opts.agents;
  const slow = specs.findIndex((spec) => needsNewWorktree(hub.lifecycle.resolveProfile(spec, { quiet: true })));
  for (const spec of slow < 0 ? specs : specs.slice(0, slow)) await hub.lifecycle.spawn(spec, { focus: false });
  if (slow >= 0) hub.track(hub.lifecycle.spawnInOrder(specs.slice(slow)));
  trace('hub: agents spawned');
  // The planned frame already shows these agents (same ids and names): paint it as it is
  // instead of asking Lua for the same tree again.
  const same = plan && planned && sameAgents(plan, hub.appData().agents) && !hub.state.configError;
  if (same) {
    hub.frame.active.treeDirty = false;
    hub.frame.active.layoutDirty = false;
  } else hub.invalidateTree(true);
  // After the planned-frame shortcut above, which would keep the notice off the screen.
  if (hub.opts.notices?.length) hub.notify(hub.opts.notices.join('; '));
  hub.scheduler.request(true);
  // The repository the hub was started in: its .botster/ (if any) is found now, as an agent's is.
  hub.track(hub.projects.note(process.cwd()));
}
