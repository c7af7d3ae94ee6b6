import type { MachineView } from './types.js';

// ui.agent_list(self.agents, { machines = self.machines }): the machines the list is grouped by.

/** The machines as a list of MachineView; what is wrong with them is thrown as `error` makes it (at the widget's path). */
export function machineViews(v: unknown, error: (message: string) => Error): MachineView[] {
  const list = Array.isArray(v) ? v : v && typeof v === 'object' && Object.keys(v).length === 0 ? [] : null;
  if (!list) throw error(`machines must be a list (self.machines), got ${typeof v}`);
  const out: MachineView[] = [];
  for (const [i, m] of list.entries()) {
    const r = m as Record<string, unknown> | null;
    if (!r || typeof r !== 'object' || typeof r.name !== 'string')
      throw error(`machines[${i + 1}] must be a machine of self.machines ({ name, state, ... })`);
    out.push({
      name: r.name,
      state: typeof r.state === 'string' ? r.state : 'connected',
      ...(typeof r.error === 'string' && r.error ? { error: r.error } : {}),
      ...(typeof r.retry_in === 'number' ? { retry_in: r.retry_in } : {}),
    });
  }
  return out;
}
