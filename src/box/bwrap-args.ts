import type { BoxPlan } from './box-plan.js';

// A box's plan (box-plan.ts) as bubblewrap's arguments: each mount in the plan's order (a later
// one over the same place wins), its own namespaces, its variables, what it runs. It decides
// nothing: what the box holds is the plan's.

/** bwrap's arguments for `plan`. */
export function bwrapArgs(plan: BoxPlan): string[] {
  const out: string[] = [];
  for (const m of plan.mounts) {
    if (m.kind === 'bind') out.push(m.ro ? '--ro-bind' : '--bind', m.from, m.at);
    else if (m.kind === 'empty') out.push('--tmpfs', m.at);
    else out.push(`--${m.kind}`, m.at);
  }
  // Its own processes, IPC, host name, cgroups and network (none: the hub's proxy through a bridge).
  out.push('--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--unshare-net');
  if (plan.capabilities === 'own-user') out.push('--unshare-user', '--uid', '0', '--gid', '0');
  else out.push('--cap-drop', 'ALL');
  out.push('--die-with-parent', '--chdir', plan.cwd);
  for (const n of plan.unset) out.push('--unsetenv', n);
  for (const [k, v] of plan.set) out.push('--setenv', k, v);
  out.push('--', plan.argv.file, ...plan.argv.args);
  return out;
}
