// How much of a core a thread had. Lua's time budgets count the work a run did, not the time it
// took: on a loaded machine a thread waits for a core (it was runnable, the machine busy with
// others) and a render stretches tenfold or more without doing more; a runaway loop, starved or
// not, keeps using the core whenever it has one. Linux keeps a thread's times in
// /proc/.../schedstat: ns on a core (its first field) and ns waiting for one (its second).
// Elsewhere the clocks answer undefined and budgets are plain wall time.

import fs from 'node:fs';

/** A thread's ms so far: on a core, and asleep (neither on a core nor waiting for one). */
export interface ThreadTimes {
  cpu: number;
  blocked: number;
}

export interface ThreadClock {
  (): ThreadTimes | undefined;
  close(): void;
}

/** `[on a core, waiting for one]` in ms from a schedstat file's text, or undefined. */
function schedstat(text: string): [number, number] | undefined {
  const [cpu, wait] = text.split(' ').map(Number);
  return Number.isFinite(cpu) && Number.isFinite(wait) ? [cpu / 1e6, wait / 1e6] : undefined;
}

/** The clock of the calling thread's schedstat file `file` (kept open: one pread a reading, a few µs). */
export function schedClock(file: string): ThreadClock {
  let fd: number | undefined;
  let broken = false;
  const buf = Buffer.alloc(64);
  const clock = (() => {
    if (broken) return undefined;
    try {
      fd ??= fs.openSync(file, 'r');
      const times = schedstat(buf.toString('latin1', 0, fs.readSync(fd, buf, 0, buf.length, 0)));
      // Read by the thread itself, which is on a core: both are up to date.
      if (times) return { cpu: times[0], blocked: performance.now() - times[0] - times[1] };
    } catch {
      // not Linux, or no /proc: wall time it is
    }
    broken = true;
    clock.close();
    return undefined;
  }) as ThreadClock;
  clock.close = () => {
    if (fd !== undefined) fs.closeSync(fd);
    fd = undefined;
  };
  return clock;
}

let own: ThreadClock | undefined;

/** The calling thread's times (each worker thread has its own module state, so its own file). */
export function ownThreadTimes(): ThreadTimes | undefined {
  // /proc/thread-self is resolved when opened: by this thread, which keeps it.
  own ??= schedClock('/proc/thread-self/schedstat');
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
 * Another thread of this process (by the id threadId() gave it), seen from outside. Its time on a
 * core is current, but its wait for one is only accounted once it gets one: while it is runnable
 * (R: on a core or waiting for one) its time asleep is taken as what it was when last seen asleep.
 */
export function taskClock(tid: number): ThreadClock {
  const dir = `/proc/self/task/${tid}`;
  let stat: number | undefined;
  let sched: number | undefined;
  let lastBlocked: number | undefined;
  const buf = Buffer.alloc(512);
  const read = (fd: number) => buf.toString('latin1', 0, fs.readSync(fd, buf, 0, buf.length, 0));
  const clock = (() => {
    try {
      stat ??= fs.openSync(`${dir}/stat`, 'r');
      sched ??= fs.openSync(`${dir}/schedstat`, 'r');
      // "tid (name) S ...": the state follows the last parenthesis.
      const st = read(stat);
      const times = schedstat(read(sched));
      if (!times) return undefined;
      const runnable = st[st.lastIndexOf(')') + 2] === 'R';
      const blocked =
        runnable && lastBlocked !== undefined ? lastBlocked : performance.now() - times[0] - times[1];
      lastBlocked = blocked;
      return { cpu: times[0], blocked };
    } catch {
      return undefined;
    }
  }) as ThreadClock;
  clock.close = () => {
    for (const fd of [stat, sched]) if (fd !== undefined) fs.closeSync(fd);
    stat = sched = undefined;
  };
  return clock;
}

/**
 * A budget of `budgetMs` of a thread's work: its time on a core, plus its time asleep (in a call
 * that waits on something) at 1/`sleepStretch` (a run that only sleeps still ends, that many
 * budgets later); its wait for a core never counts. Never more than the wall time. Without a
 * clock, wall time. `late(now)` says whether it is spent; if not, `at` is when it could be.
 */
export class Budget {
  at: number;
  /** Wall time before the clock was read (counted as used), and the clock then. */
  private before = 0;
  private t0: ThreadTimes | undefined;
  private read = false;
  /** What excluded work (see exclude()) spent. */
  private readonly excluded = { wall: 0, cpu: 0, blocked: 0 };

  constructor(
    readonly budgetMs: number,
    private readonly start: number,
    private readonly clock: () => ThreadTimes | undefined,
    private readonly sleepStretch: number,
  ) {
    this.at = start + budgetMs;
  }

  /** Reads the clock's starting point (lazily: a run that never gets long never reads it). */
  begin(now = performance.now()): void {
    if (this.read) return;
    this.read = true;
    this.t0 = this.clock();
    this.before = now - this.start;
  }

  /** Runs `fn` (work with a budget of its own, a layout piece): none of what it spends counts here. */
  exclude<T>(fn: () => T): T {
    this.begin();
    const w0 = performance.now();
    const t0 = this.t0 ? this.clock() : undefined;
    try {
      return fn();
    } finally {
      const t1 = t0 ? this.clock() : undefined;
      const wall = performance.now() - w0;
      this.excluded.wall += wall;
      this.at += wall;
      if (t0 && t1) {
        this.excluded.cpu += t1.cpu - t0.cpu;
        this.excluded.blocked += t1.blocked - t0.blocked;
      }
    }
  }

  /** What the run has used so far (ms). */
  used(now: number): number {
    const wall = now - this.start - this.excluded.wall;
    const t = this.t0 ? this.clock() : undefined;
    if (!this.t0 || !t) return wall;
    const cpu = t.cpu - this.t0.cpu - this.excluded.cpu;
    const blocked = Math.max(0, t.blocked - this.t0.blocked - this.excluded.blocked);
    return Math.min(wall, this.before + cpu + blocked / this.sleepStretch);
  }

  late(now: number): boolean {
    if (now <= this.at) return false;
    const used = this.used(now);
    if (used >= this.budgetMs) return true;
    // What is used grows no faster than the wall clock.
    this.at = now + Math.max(1, this.budgetMs - used);
    return false;
  }
}
