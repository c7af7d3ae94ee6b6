import type { AppData, LuaRequest } from './config-file.js';

/**
 * The app view after the hub applies `requests`, when they only move the focus or post a notice
 * (what most normal-mode keys do): the worker renders it right after the command, so a key costs
 * one round trip. Null when an intent's outcome depends on the hub (spawn, kill, mode, scroll,
 * run, quit). The hub renders again whenever its real view differs, so a wrong guess costs time,
 * never correctness. `now` is when the hub applies them (the agent focus leaves was seen until
 * then, see withFocus in src/hub/reduce.ts).
 */
export function viewAfter(app: AppData, requests: LuaRequest[], now?: number): AppData | null {
  if (requests.length === 0) return null;
  let view: AppData = app;
  for (const e of requests) {
    if (e.type === 'notify' && e.level !== 'error') {
      view = { ...view, notice: e.text };
    } else if (e.type === 'focus') {
      const index = view.agents.findIndex((a) => a.id === e.id);
      const agent = view.agents[index];
      if (!agent || agent.id === view.focused_id) continue; // the hub ignores it too
      const left = view.focused_id;
      if (left !== null && now === undefined) return null;
      const agents =
        left === null ? view.agents : view.agents.map((a) => (a.id === left ? { ...a, seen_at: now } : a));
      view = { ...view, agents, focused_id: agent.id, selected: index + 1 };
    } else {
      return null;
    }
  }
  return view;
}
