import fs from 'node:fs';

/** A process's start time (field 22 of /proc/PID/stat, after the command name in parentheses). */
export function procStart(pid: number | 'self'): string {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  if (!start || !/^\d+$/.test(start)) throw new Error(`/proc/${pid}/stat: no start time`);
  return start;
}
