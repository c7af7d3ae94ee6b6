import type { AgentView, MachineView } from '../tree/types.js';

// Which agents ui.agent_list shows and in what groups (./agent_list.tsx draws them): the filter,
// teams under their leads, and groups by repository or machine.

/** What the list is asked to show: its agents, the selected one, its filter and grouping. */
export interface Arrangement {
  agents: AgentView[];
  selected: string | null;
  group: 'repo' | null;
  filter: 'all' | 'waiting' | 'running';
  /** Grouped under these machines' names instead (null: not by machine). */
  machines: MachineView[] | null;
}

/** Which states a filter keeps: waiting for you (or done with a turn), or at work (or idle). */
const KEEPS: Record<Arrangement['filter'], (state: string) => boolean> = {
  all: () => true,
  waiting: (s) => s === 'waiting' || s === 'done',
  running: (s) => s === 'running' || s === 'idle',
};

export type Shown = Array<{ a: AgentView; n: string; depth?: number }>;

/** A team under its lead (an agent another started: `tmux split-window`, `new` from inside it), deeper ones under theirs. */
export function teams(shown: Shown): Shown {
  const ids = new Set(shown.map((x) => x.a.id));
  const under = new Map<string, Shown>();
  const top: Shown = [];
  for (const x of shown) {
    const lead = x.a.lead;
    if (lead && lead !== x.a.id && ids.has(lead)) {
      if (!under.has(lead)) under.set(lead, []);
      under.get(lead)!.push(x);
    } else top.push(x);
  }
  if (under.size === 0) return shown;
  const out: Shown = [];
  const place = (x: Shown[number], depth: number) => {
    out.push(depth ? { ...x, depth } : x);
    if (depth < 8) for (const y of under.get(x.a.id) ?? []) place(y, depth + 1);
  };
  for (const x of top) place(x, 0);
  // (a loop of leads, which the hub never makes, still lists everyone)
  for (const x of shown) if (!out.some((o) => o.a.id === x.a.id)) out.push(x);
  return out;
}
export type Group = { key: string; repo: string | null; machine?: MachineView | 'here'; agents: Shown };

/** The agents to show, each with its number (its id: it stays with it), in groups (one unnamed group when not grouping). */
export function arrange(node: Arrangement): Group[] {
  const keep = KEEPS[node.filter];
  const shown = node.agents
    .map((a) => ({ a, n: a.id }))
    .filter(({ a }) => a.id === node.selected || keep(a.state ?? a.status));
  if (node.machines?.length) return byMachine(node.machines, shown);
  if (node.group !== 'repo') return [{ key: '', repo: null, agents: shown }];
  const groups = new Map<string, Array<{ a: AgentView; n: string }>>();
  for (const x of shown) {
    const key = x.a.repo ?? '';
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(x);
  }
  // One repository (or none): no headings, the list as it always was.
  if (groups.size <= 1) return [{ key: '', repo: null, agents: shown }];
  return [...groups].map(([repo, agents]) => ({ key: repo, repo, agents }));
}

/** settings.machines (self.machines): this machine's agents, then each machine's, named, even with none. */
function byMachine(machines: MachineView[], shown: Shown): Group[] {
  const named = new Set(machines.map((m) => m.name));
  return [
    {
      key: '',
      repo: null,
      machine: 'here' as const,
      agents: shown.filter(({ a }) => !a.machine || !named.has(a.machine)),
    },
    ...machines.map((m) => ({
      key: `machine:${m.name}`,
      repo: null,
      machine: m,
      agents: shown.filter(({ a }) => a.machine === m.name),
    })),
  ];
}
