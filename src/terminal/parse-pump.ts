import { scanSlice, type SliceInfo } from './flood-skip.js';

/** Lets the pump drop output nobody can see (see flood-skip.ts). */
export interface SkipPolicy {
  /** Line feeds that push a line out of everything kept (scrollback + screen). */
  keepLines(): number;
  /** The terminal is in a state where line feeds scroll the whole screen into the scrollback. */
  canSkip(): boolean;
}

/**
 * Hands output slices to xterm a little at a time, one turn of the event loop after another.
 * xterm parses whatever is queued for up to 12 ms per timer tick, per terminal: with four agents
 * flooding, a key (and its echo) could wait ~50 ms behind them. Here each terminal parses for at
 * most `budgetMs` per turn and then lets I/O (keys, other agents) run; each slice is parsed
 * synchronously, so no xterm timer adds its 1 ms either. The first slice after a key is parsed
 * at once when nothing is queued before it (the echo).
 *
 * The budget is shared: one turn parses at most TURN_BUDGET_MS across all terminals, round-robin,
 * so four flooding agents hold a key's echo (or its frame) for 2 ms a turn, not 8.
 *
 * A flood (more than FLOOD_CHARS, or more lines than the terminal keeps, arriving within
 * FLOOD_WINDOW_MS) is parsed in batches instead:
 * output collects for up to FLOOD_PARSE_MS (or until FLOOD_BATCH chars wait, or the output
 * paused for FLOOD_PAUSE_MS: the flood may be over and its last screen must show at once), and
 * queued slices whose lines the queued output after them pushes out of the scrollback anyway are
 * not parsed at all. Each batch parses the scrollback's worth of lines at its end, so the longer
 * the batch the less of a flood is parsed (at 40 ms about half was, at 100 ms a fifth); the
 * screen still moves every FLOOD_PARSE_MS and the final line comes sooner.
 *
 * A terminal nobody shows (`background`) counts as flooding from BACKGROUND_FLOOD_CHARS a window
 * and parses its batches every BACKGROUND_PARSE_MS: four agents printing off screen then cost a
 * fraction of the CPU (more of their output is skipped), which is what lets a key's echo get the
 * CPU at once. It leaves the background as soon as its screen is read (it shows again).
 */
const FLOOD_CHARS = 512 * 1024;
const FLOOD_WINDOW_MS = 100;
const FLOOD_PARSE_MS = 100;
const FLOOD_PAUSE_MS = 12;
const BACKGROUND_FLOOD_CHARS = 64 * 1024;
const BACKGROUND_PARSE_MS = 400;
const FLOOD_BATCH = 3 * 1024 * 1024;
const TURN_BUDGET_MS = 2;
// After a key: output this soon, up to this much, is parsed at once (see expectEcho).
const ECHO_MS = 100;
const ECHO_CHARS = 4096;

/** The pumps that have output to parse, served in turn, TURN_BUDGET_MS per turn of the event loop. */
class Turns {
  private readonly waiting = new Set<ParsePump>();
  private immediate: NodeJS.Immediate | null = null;

  want(pump: ParsePump): void {
    this.waiting.add(pump);
    this.immediate ??= setImmediate(this.turn);
  }

  drop(pump: ParsePump): void {
    this.waiting.delete(pump);
    if (this.waiting.size === 0 && this.immediate) {
      clearImmediate(this.immediate);
      this.immediate = null;
    }
  }

  private readonly turn = (): void => {
    this.immediate = null;
    const deadline = performance.now() + TURN_BUDGET_MS;
    // Those not served this turn stay first in line; a pump served that wants more goes last.
    // A held pump leaves the line; it comes back when it is let go.
    let served = 0;
    for (const pump of [...this.waiting]) {
      if (served > 0 && performance.now() >= deadline) break;
      served++;
      this.waiting.delete(pump);
      if (!pump.held) pump.runUntil(deadline);
    }
    if (this.waiting.size > 0) this.immediate ??= setImmediate(this.turn);
  };
}

const turns = new Turns();

export class ParsePump {
  private readonly queue: string[] = [];
  private readonly infos: SliceInfo[] = [];
  private head = 0;
  /** Waiting for its turn (see Turns). */
  private wanted = false;
  /** Parses nothing until let go (another terminal's echo goes first). */
  held = false;
  /** Nobody shows this terminal (see above). */
  private background = false;
  private timer: NodeJS.Timeout | null = null;
  private queuedChars = 0;
  /** Queue index where the flood batch being parsed ends (output after it waits). */
  private batchEnd = 0;
  private arrived = 0;
  /** Line feeds of the plain slices that arrived in this window. */
  private arrivedLines = 0;
  private windowStart = 0;
  private lastArrival = 0;
  /** When the flood batch now collecting started waiting. */
  private batchStart = 0;
  /** In a flood: parse in batches (see above). */
  flooding = false;
  private echo = false;
  /** Chars of output after a key still parsed at once, and until when (see expectEcho). */
  private echoLeft = 0;
  private echoUntil = 0;
  private disposed = false;
  /** SGR state of skipped slices, applied before the next parsed one. */
  private carried = '';
  /** Slices dropped so far (for tests and benchmarks). */
  skipped = 0;

  constructor(
    /** Parses `text` now (synchronously); `counted` is how much of the pending output it settles. */
    private readonly parse: (text: string, counted: number) => void,
    private readonly budgetMs = 2,
    private readonly skip: SkipPolicy | null = null,
  ) {}

  get queued(): number {
    return this.queue.length - this.head;
  }

  /** Queues a slice; `plain`: it is known to be text and colours only (see OutputGate). */
  push(slice: string, plain = false): void {
    if (this.disposed) return;
    if (this.queued === 0 && (this.echo || (this.echoLeft > 0 && !this.held && this.echoFresh()))) {
      this.echo = false;
      this.echoLeft -= slice.length;
      this.parse(slice, slice.length);
      return;
    }
    this.queue.push(slice);
    this.queuedChars += slice.length;
    if (this.skip) {
      const info = scanSlice(slice, plain);
      this.infos.push(info);
      this.noteArrival(slice.length, info.lf);
    }
    this.schedule();
  }

  setBackground(on: boolean): void {
    if (on === this.background) return;
    this.background = on;
    if (on || !this.timer) return;
    // Shown again: what waits is parsed now.
    clearTimeout(this.timer);
    this.timer = null;
    this.want();
  }

  private get floodChars(): number {
    return this.background ? BACKGROUND_FLOOD_CHARS : FLOOD_CHARS;
  }

  hold(on: boolean): void {
    if (on === this.held) return;
    this.held = on;
    if (!on && this.wanted) turns.want(this);
  }

  /**
   * A flood is going on: output came lately or a flood's worth still waits (the agent's reading
   * may be paused until it is parsed). It ends with a quiet window, even when nothing runs.
   */
  private floodingNow(): boolean {
    return (
      this.flooding &&
      (performance.now() - this.windowStart <= 2 * FLOOD_WINDOW_MS || this.queuedChars > this.floodChars)
    );
  }

  /** The next slice is the echo and will be parsed at once (see expectEcho). */
  get echoDue(): boolean {
    return this.echo && this.queued === 0 && !this.disposed;
  }

  /**
   * The user typed: the next slice, if nothing waits before it, is the echo. What follows it
   * soon is parsed at once too, up to ECHO_CHARS: Enter's answer comes in two reads (the tty's
   * `\r\n`, then the program's line), and its frame must not wait a turn for the second.
   */
  expectEcho(): void {
    this.echo = true;
    this.echoLeft = ECHO_CHARS;
    this.echoUntil = performance.now() + ECHO_MS;
  }

  private echoFresh(): boolean {
    if (performance.now() < this.echoUntil) return true;
    this.echoLeft = 0;
    return false;
  }

  /**
   * Counts bytes and lines a window. Lines too: on a busy machine (a browser beside the hub) the
   * agent's output is read as slowly as it is parsed, under FLOOD_CHARS a window, and parsing every
   * line kept it that slow (a 7 MB flood took 2-3x as long); more lines than the terminal keeps
   * within a window is a flood whatever its bytes, and most of it is then skipped.
   */
  private noteArrival(n: number, lines: number): void {
    const now = performance.now();
    this.lastArrival = now;
    if (now - this.windowStart > FLOOD_WINDOW_MS) {
      // A quiet window ends a flood; a busy one starts it.
      this.flooding = this.busyWindow() && now - this.windowStart < 2 * FLOOD_WINDOW_MS;
      this.windowStart = now;
      this.arrived = 0;
      this.arrivedLines = 0;
    }
    this.arrived += n;
    this.arrivedLines += lines;
    if (this.busyWindow()) this.flooding = true;
  }

  private busyWindow(): boolean {
    return (
      this.arrived > this.floodChars || (this.skip !== null && this.arrivedLines > this.skip.keepLines())
    );
  }

  dispose(): void {
    this.disposed = true;
    turns.drop(this);
    if (this.timer) clearTimeout(this.timer);
    this.wanted = false;
    this.timer = null;
    this.queue.length = 0;
    this.infos.length = 0;
    this.head = 0;
  }

  private want(): void {
    this.wanted = true;
    turns.want(this);
  }

  private schedule(): void {
    if (this.wanted || this.queued === 0) return;
    if (this.flooding && this.queuedChars < FLOOD_BATCH) {
      if (!this.timer) {
        this.batchStart = performance.now();
        this.timer = setTimeout(this.collect, FLOOD_PAUSE_MS);
      }
      return;
    }
    this.want();
  }

  /** A flood batch is collecting: parse it once it is due or the output paused. */
  private readonly collect = (): void => {
    this.timer = null;
    const now = performance.now();
    const due = this.background ? BACKGROUND_PARSE_MS : FLOOD_PARSE_MS;
    // In the background nobody waits for a flood's last screen: no early batch when it pauses.
    if (now - this.batchStart >= due || (!this.background && now - this.lastArrival >= FLOOD_PAUSE_MS))
      return this.want();
    this.timer = setTimeout(
      this.collect,
      this.background
        ? due - (now - this.batchStart)
        : Math.min(FLOOD_PAUSE_MS, due - (now - this.batchStart)),
    );
  };

  /** Drops head slices whose lines the plain output queued after them scrolls away. */
  private skipUnseen(): void {
    const skip = this.skip;
    if (!skip || this.queued < 2 || !this.infos[this.head].plain || !skip.canSkip()) return;
    const keep = skip.keepLines();
    // Line feeds in the run of plain slices after the head (only plain output surely scrolls).
    let after = 0;
    let end = this.head + 1;
    const reach = (i: number) => {
      while (end < this.queue.length && this.infos[end].plain && after < keep + this.infos[i].lf)
        after += this.infos[end++].lf;
    };
    reach(this.head);
    let i = this.head;
    while (i < end - 1 && this.infos[i].plain && after >= keep) {
      const info = this.infos[i];
      this.carried = info.reset ? info.sgr : this.carried + info.sgr;
      this.parse('', this.queue[i].length);
      this.queuedChars -= this.queue[i].length;
      this.queue[i] = '';
      this.skipped++;
      i++;
      after -= this.infos[i].lf;
      // Count on past `end` (it was only counted as far as this head needed): all of a queued
      // flood but its last `keep` lines goes in one call, not a slice or two per parsed slice.
      reach(i);
    }
    this.head = i;
  }

  /** Parses queued slices until `deadline` (at most budgetMs); called by Turns. */
  runUntil(deadline: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.wanted = false;
    this.timer = null;
    // The flood ended with a quiet window: back to parsing every turn.
    if (this.flooding && !this.floodingNow()) this.flooding = false;
    const end = Math.min(deadline, performance.now() + this.budgetMs);
    if (this.flooding && this.batchEnd <= this.head) this.batchEnd = this.queue.length;
    while (this.queued > 0 && !this.disposed) {
      this.skipUnseen();
      if (this.flooding && this.head >= this.batchEnd) break;
      const slice = this.queue[this.head];
      this.queue[this.head++] = '';
      this.queuedChars -= slice.length;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        if (this.skip) this.infos.splice(0, this.head);
        this.batchEnd -= this.head;
        this.head = 0;
      }
      const carried = this.carried;
      this.carried = '';
      this.parse(carried + slice, slice.length);
      if (performance.now() >= end) break;
    }
    if (this.queued === 0) {
      this.queue.length = 0;
      this.infos.length = 0;
      this.head = 0;
      this.queuedChars = 0;
      this.batchEnd = 0;
    } else if (this.flooding && this.head < this.batchEnd && !this.disposed) {
      // Keep parsing the batch a turn at a time; output that came meanwhile waits for the next.
      this.want();
      return;
    }
    this.schedule();
  }
}
