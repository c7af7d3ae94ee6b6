import { plannedAgent } from './initial-app.js';
import { sameAgents } from './spawn-spec.js';
import { trace } from './trace.js';
import type { Hub } from './hub.js';

/** From a built hub to its first frame: configuration, planned layout, agents started. */
export async function boot(hub: Hub): Promise<void> {
  trace('hub: constructed');
  // The worker boots while the UI warms up; both are on the way to the first frame.
  const luaReady = hub.lua.start();
  hub.renderer.warmUp();
  hub.compositor.warmUp();
  trace('hub: ui warmed up');
  await luaReady;
  trace('hub: lua worker ready');
  // Lay out once with the agents as they are about to be, so each PTY starts at the size of its
  // panel: a shell resized while it prints its first prompt garbles it.
  hub.planned = hub.opts.agents.map((spec, i) => plannedAgent(spec, i));
  hub.state = { ...hub.state, client: { ...hub.state.client, focus: hub.planned[0]?.id ?? null } };
  await hub.config.load();
  trace('hub: configured');
  const planned = hub.frame.plannedLayout();
  if (planned) hub.agents.setDefaultSize(planned.w, planned.h);
  trace('hub: planned layout');
  const plan = hub.planned;
  // Show the planned frame now (agents listed, their screens still blank) and start the agents
  // right after: the first frame does not wait for the forks.
  if (planned) {
    hub.frame.layoutDirty = false;
    hub.frame.treeDirty = false;
    await hub.frame.render();
    hub.scheduler.frames++;
  }
  hub.planned = null;
  hub.state = { ...hub.state, client: { ...hub.state.client, focus: null } };
  for (const spec of hub.opts.agents) await hub.lifecycle.spawn(spec, { focus: false });
  trace('hub: agents spawned');
  // The planned frame already shows these agents (same ids and names): paint it as it is
  // instead of asking Lua for the same tree again.
  const same = plan && planned && sameAgents(plan, hub.appData().agents) && !hub.state.configError;
  if (same) {
    hub.frame.treeDirty = false;
    hub.frame.layoutDirty = false;
  } else hub.invalidateTree(true);
  hub.scheduler.request(true);
}
