// How long a thread waited for a core: runnable, but the machine was busy with others. Lua's time
// budgets count the time a run had, not the time it took: a loaded machine stretches a render
// without it doing more, and only the waiting tells a starved run from a runaway. Linux keeps it in
// /proc/.../schedstat (its second field, ns on a run queue). Elsewhere these answer undefined and
// budgets are plain wall time.

import fs from 'node:fs';

/** A thread's ms spent waiting for a core so far, or undefined when it cannot be read. */
export interface WaitClock {
  (): number | undefined;
  close(): void;
}

/** The clock of the schedstat file `file` (kept open: one pread a reading, a few µs). */
export function waitClock(file: string): WaitClock {
  let fd: number | undefined;
  let broken = false;
  const buf = Buffer.alloc(64);
  const clock = (() => {
    if (broken) return undefined;
    try {
      fd ??= fs.openSync(file, 'r');
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      const ns = Number(buf.toString('latin1', 0, n).split(' ')[1]);
      if (Number.isFinite(ns)) return ns / 1e6;
    } catch {
      // not Linux, or no /proc: wall time it is
    }
    broken = true;
    clock.close();
    return undefined;
  }) as WaitClock;
  clock.close = () => {
    if (fd !== undefined) fs.closeSync(fd);
    fd = undefined;
  };
  return clock;
}

let own: WaitClock | undefined;

/** The calling thread's wait (each worker thread has its own module state, so its own file). */
export function coreWaitMs(): number | undefined {
  // /proc/thread-self is resolved when opened: by this thread, which keeps it.
  own ??= waitClock('/proc/thread-self/schedstat');
  return own();
}

/** The calling thread's id as the system knows it (for another thread to read its clock). */
export function threadId(): number | undefined {
  try {
    const m = /\/task\/(\d+)$/.exec(fs.readlinkSync('/proc/thread-self'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Another thread of this process (by the id threadId() gave it), seen from outside: its wait for
 * a core is only accounted once it gets one, so a thread that is starved now does not show it.
 * Instead: while it is runnable, whatever time it did not spend on a CPU is counted as waiting;
 * when it is not (it sleeps: waiting on something, not for a core), undefined (wall time counts).
 */
export function taskWaitClock(tid: number): WaitClock {
  const dir = `/proc/self/task/${tid}`;
  let stat: number | undefined;
  let sched: number | undefined;
  const buf = Buffer.alloc(512);
  const read = (fd: number) => buf.toString('latin1', 0, fs.readSync(fd, buf, 0, buf.length, 0));
  const clock = (() => {
    try {
      stat ??= fs.openSync(`${dir}/stat`, 'r');
      sched ??= fs.openSync(`${dir}/schedstat`, 'r');
      // "tid (name) S ...": the state follows the last parenthesis; R is running or runnable.
      const st = read(stat);
      if (st[st.lastIndexOf(')') + 2] !== 'R') return undefined;
      const cpu = Number(read(sched).split(' ')[0]) / 1e6;
      return Number.isFinite(cpu) ? performance.now() - cpu : undefined;
    } catch {
      return undefined;
    }
  }) as WaitClock;
  clock.close = () => {
    for (const fd of [stat, sched]) if (fd !== undefined) fs.closeSync(fd);
    stat = sched = undefined;
  };
  return clock;
}

/**
 * A budget of `budgetMs` that does not count waiting for a core, capped at `maxStretch` budgets of
 * wall time. `late(now)` says whether it is spent; if not, `at` is when it could be.
 */
export class Budget {
  at: number;
  private start: number;
  /** However starved, late from here (wall time). */
  private cap: number;
  private waited: number | undefined;
  private read = false;

  constructor(
    readonly budgetMs: number,
    now: number,
    private readonly clock: () => number | undefined,
    maxStretch: number,
  ) {
    this.start = now;
    this.at = now + budgetMs;
    this.cap = now + budgetMs * maxStretch;
  }

  /** Reads the clock's starting point (lazily: a run that never gets long never reads it). */
  begin(): void {
    if (this.read) return;
    this.read = true;
    this.waited = this.clock();
  }

  /**
   * The run spent `wallMs` on something with a budget of its own (a layout piece), `ms` of it not
   * waiting for a core: none of it counts here.
   */
  credit(ms: number, wallMs = ms): void {
    if (ms > 0) {
      this.start += ms;
      this.at += ms;
    }
    if (wallMs > 0) this.cap += wallMs;
  }

  late(now: number): boolean {
    if (now <= this.at) return false;
    if (this.waited === undefined || now >= this.cap) return true;
    const waited = this.clock();
    if (waited === undefined) return true;
    const had = now - this.start - (waited - this.waited);
    if (had >= this.budgetMs) return true;
    this.at = now + Math.max(1, this.budgetMs - had);
    return false;
  }
}
