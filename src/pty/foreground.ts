import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';

// Which program the user sees in a PTY: the one in the terminal's foreground process group (a
// shell agent in which the user typed `claude` runs claude there; back at the prompt, the shell).
// Read on demand (when output arrives or settles), never polled: on Linux two small /proc reads.

/** The foreground process group's leader: its pid and argv. */
export interface ForegroundProcess {
  pgid: number;
  pid: number;
  argv: string[];
}

const hasProc = process.platform === 'linux' || process.platform === 'android';

/** Fields after "pid (comm) ": comm may hold spaces and parentheses, so cut at the LAST ')'. */
export function statFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

// /proc files report size 0, so readFileSync reads them through fresh 64 KB buffers: one
// reused buffer and a plain open/read/close is about half the cost.
const chunk = Buffer.allocUnsafe(8192);
const MAX_READ = 256 * 1024;

/** A /proc file's text; throws when it cannot be read (the process is gone). */
function readProc(path: string, encoding: 'latin1' | 'utf8'): string {
  const fd = openSync(path, 'r');
  try {
    let n = readSync(fd, chunk, 0, chunk.length, 0);
    if (n < chunk.length) return chunk.toString(encoding, 0, n);
    // A long argv: gather it (bounded).
    const parts = [Buffer.from(chunk.subarray(0, n))];
    let total = n;
    while (total < MAX_READ && (n = readSync(fd, chunk, 0, chunk.length, total)) > 0) {
      parts.push(Buffer.from(chunk.subarray(0, n)));
      total += n;
    }
    return Buffer.concat(parts).toString(encoding);
  } finally {
    closeSync(fd);
  }
}

function readStat(pid: number): string[] | null {
  try {
    return statFields(readProc(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return null;
  }
}

/** argv from /proc/PID/cmdline; null when the process is gone, a zombie or a kernel thread (empty). */
function readCmdline(pid: number): string[] | null {
  let raw: string;
  try {
    raw = readProc(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return null;
  }
  // A program that set its process title may leave NUL padding (or spaces in one string).
  const argv = raw.split('\0').filter((a) => a !== '');
  return argv.length ? argv : null;
}

/**
 * Any live member of group `pgid` (its leader exited or is a zombie, the rest runs on). Looked for
 * among the descendants of the terminal's session leader first: a scan of all of /proc reads every
 * process's stat, ~30 ms of the main thread with 500 agents' processes (issue 97), and a shell
 * running a loop of short commands finds its command's group leader a zombie now and then. Only a
 * group whose leader is gone altogether may have members no descendant holds (their parent left
 * and init adopted them): then the whole scan, its answer kept for that group a while.
 */
function memberOf(pgid: number, ptyPid: number): number | null {
  const seen = new Set<number>();
  const queue = [ptyPid];
  while (queue.length && seen.size < MAX_DESCENDANTS) {
    const pid = queue.shift()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    const f = readStat(pid);
    // fields: 0 state, 1 ppid, 2 pgrp
    if (f && Number(f[2]) === pgid && f[0] !== 'Z') return pid;
    queue.push(...childrenOf(pid));
  }
  if (readStat(pgid)) return null; // (the leader is there, a zombie: the group ends with it)
  const kept = scanned.get(pgid);
  if (kept && performance.now() - kept.at < SCAN_KEPT_MS) {
    const f = kept.pid === null ? null : readStat(kept.pid);
    if (kept.pid === null || (f && Number(f[2]) === pgid && f[0] !== 'Z')) return kept.pid;
  }
  const pid = scanMemberOf(pgid);
  if (scanned.size > 64) scanned.clear();
  scanned.set(pgid, { pid, at: performance.now() });
  return pid;
}

const MAX_DESCENDANTS = 512;
const SCAN_KEPT_MS = 5000;
const scanned = new Map<number, { pid: number | null; at: number }>();

function scanMemberOf(pgid: number): number | null {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return null;
  }
  for (const name of names) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const f = readStat(Number(name));
    // fields: 0 state, 1 ppid, 2 pgrp
    if (f && Number(f[2]) === pgid && f[0] !== 'Z') return Number(name);
  }
  return null;
}

// A non-interactive `sh -c 'cd x && claude'` stays in the foreground group as the parent of what
// it runs (an interactive shell gives its jobs groups of their own). Its argv names its program
// (src/agents/program-name.ts reads the script: `claude` here, the shell for a script that runs
// several): following its children would make a script agent flicker between `sleep`, `printf`...

function fromProc(ptyPid: number): ForegroundProcess | null {
  const stat = readStat(ptyPid);
  if (!stat) return null;
  // fields: 0 state, 1 ppid, 2 pgrp, 3 session, 4 tty_nr, 5 tpgid (field 8 of the whole line)
  const pgid = Number(stat[5]);
  if (!Number.isInteger(pgid) || pgid <= 0) return null;
  // (a box's own processes lead the group of what it runs: the program is the one under them)
  let pid = throughBox(pgid);
  let argv = readCmdline(pid);
  if (!argv) {
    const member = memberOf(pgid, ptyPid);
    if (member === null) return null;
    pid = member;
    argv = readCmdline(pid);
    if (!argv) return null;
  }
  return { pgid, pid, argv };
}

/** Without /proc (macOS, BSD): ps, a few ms each; argv comes back space-joined, good enough for a name. Exported for tests. */
export function foregroundViaPs(ptyPid: number): ForegroundProcess | null {
  const ps = (args: string[]) => {
    const r = spawnSync('ps', args, { encoding: 'utf8', timeout: 2000 });
    return r.status === 0 && typeof r.stdout === 'string' ? r.stdout.trim() : '';
  };
  const pgid = Number(ps(['-o', 'tpgid=', '-p', String(ptyPid)]));
  if (!Number.isInteger(pgid) || pgid <= 0) return null;
  const args = ps(['-o', 'args=', '-p', String(pgid)]);
  if (!args) return null;
  return { pgid, pid: pgid, argv: args.split(/\s+/) };
}

/**
 * The process in the foreground of the terminal whose session leader is `ptyPid` (the agent's
 * child), or null when it cannot be told (the child is gone, no /proc and no ps). Never throws.
 */
export function foregroundProcess(ptyPid: number): ForegroundProcess | null {
  if (!Number.isInteger(ptyPid) || ptyPid <= 0) return null;
  try {
    return hasProc ? fromProc(ptyPid) : foregroundViaPs(ptyPid);
  } catch {
    return null;
  }
}

/** argv of the program in the PTY's foreground process group (see foregroundProcess). */
export function foregroundProgram(ptyPid: number): string[] | null {
  return foregroundProcess(ptyPid)?.argv ?? null;
}

/**
 * A shell at rest at its own prompt, as the kernel tells it: the terminal's foreground group is
 * the shell's own (an interactive shell gives every command it runs a group of its own) and no
 * process of that group runs under it (a script's commands stay in its group). Linux only.
 */
export function ownsForeground(ptyPid: number): boolean {
  if (!hasProc || !Number.isInteger(ptyPid) || ptyPid <= 0) return false;
  return groupAtRest(throughBox(ptyPid));
}

/**
 * The process a box runs for the PTY's own (bubblewrap is one or two processes over it, each with
 * one child): the shell whose group the terminal's foreground is, in a box as outside one.
 */
function throughBox(pid: number): number {
  for (let depth = 0; depth < 3; depth++) {
    let comm: string;
    try {
      comm = readProc(`/proc/${pid}/comm`, 'latin1').trim();
    } catch {
      return pid;
    }
    if (comm !== 'bwrap') return pid;
    // (a box's network bridge left the session: the program is the child still in bwrap's)
    const session = readStat(pid)?.[3];
    const kids = childrenOf(pid).filter((k) => readStat(k)?.[3] === session);
    if (kids.length !== 1) return pid;
    pid = kids[0];
  }
  return pid;
}

function childrenOf(pid: number): number[] {
  try {
    return readProc(`/proc/${pid}/task/${pid}/children`, 'latin1')
      .split(' ')
      .filter((c) => c.trim())
      .map(Number);
  } catch {
    return [];
  }
}

function groupAtRest(ptyPid: number): boolean {
  const stat = readStat(ptyPid);
  // (stat fields after comm: state, ppid, pgrp, session, tty_nr, tpgid)
  if (!stat || Number(stat[5]) !== ptyPid) return false;
  for (const child of childrenOf(ptyPid)) {
    const c = readStat(child);
    if (c && Number(c[2]) === ptyPid) return false;
  }
  return true;
}
