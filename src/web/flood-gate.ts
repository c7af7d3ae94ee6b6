// Whether an agent's output to its pages is a flood. A page is a terminal a person reads
// (often a phone): an agent printing megabytes a second is not read line by line, and sending
// every byte to every page makes each browser parse it all and takes the hub's CPU from the
// terminal clients. Past the line below a page gets the agent's screen a few times a second
// instead, and the exact screen and scrollback once the agent pauses (or slows down well below
// the line). Typing and its echo are far below it: they are forwarded as they come, never held.

/**
 * Bytes within one window that make a flood (64 KiB a second, some 2000 lines of numbers). Per
 * agent, not per page: each page on a flood is sent at most this much of it before the gate shuts,
 * and every line a page's xterm.js scrolls costs its browser more than the hub spends on the line.
 */
export const FLOOD_BYTES = 16 * 1024;
export const FLOOD_WINDOW_MS = 250;
/**
 * Line feeds within one window that make a flood too (1600 lines a second, ten screens' worth):
 * what a page's xterm.js pays for is the lines it scrolls, and a flood of short lines is far under
 * FLOOD_BYTES. A program redrawing its screen (cursor moves) has few.
 */
export const FLOOD_LINES = 400;
/** How often a flood is checked: it is over (calm) within two of these of its end. */
export const FLOOD_CHECK_MS = 250;
/**
 * Quiet checks in a row that make a flood over. One is not enough: the hub stops reading an agent
 * whose output it has not parsed yet (src/agents/agent.ts), and a busy hub (ten browsers beside it)
 * can leave a flooding agent unread for a whole check. Each calm sends every page the exact screen
 * and scrollback, thousands of lines to parse: one in the middle of a flood cost more than its views.
 */
export const CALM_CHECKS = 2;
/**
 * How often a page on a flood gets the screen. Each view redraws the page's whole terminal (its
 * rows as DOM nodes, laid out again): at four a second, ten pages in one browser beside the hub
 * took as much CPU as the flood itself and made the terminal client's flood ~1.4x as long.
 */
export const FLOOD_VIEW_MS = 1000;
/** Fewer bytes than this in one check's period: the flood is over (16 KiB a second). */
export const CALM_BYTES = 4 * 1024;
/** Nor more line feeds than this (200 lines a second). */
export const CALM_LINES = 50;

/** The line feeds in a chunk, counted up to `upTo` at most. */
export function lineFeeds(chunk: string, upTo = Infinity): number {
  let n = 0;
  for (let i = chunk.indexOf('\n'); i >= 0 && n < upTo; i = chunk.indexOf('\n', i + 1)) n++;
  return n;
}

/** A chunk's line feeds: a count, or counted when needed, up to what the gate still has to know. */
export type Lines = number | ((upTo: number) => number);
const count = (lines: Lines, upTo: number): number =>
  typeof lines === 'number' ? lines : upTo > 0 ? lines(upTo) : 0;

export class FloodGate {
  private windowAt = -Infinity;
  private bytes = 0;
  private lines = 0;
  /** The page gets views, not the stream. */
  held = false;
  /** Quiet checks in a row so far. */
  private quiet = 0;

  /**
   * A chunk of `n` bytes with `lines` line feeds at `now`: true when it goes to the page as it is
   * (false: it is held). Lines are counted only as far as the gate needs them: a flood of a
   * million lines is not counted line by line once its bytes alone say it goes on.
   */
  pass(n: number, now: number, lines: Lines = 0): boolean {
    if (this.held) {
      this.bytes += n;
      if (this.bytes < CALM_BYTES) this.lines += count(lines, CALM_LINES - this.lines);
      return false;
    }
    if (now - this.windowAt >= FLOOD_WINDOW_MS) {
      this.windowAt = now;
      this.bytes = 0;
      this.lines = 0;
    }
    this.bytes += n;
    this.lines += count(lines, FLOOD_LINES + 1 - this.lines);
    if (this.bytes <= FLOOD_BYTES && this.lines <= FLOOD_LINES) return true;
    this.held = true;
    this.bytes = 0;
    this.lines = 0;
    this.quiet = 0;
    return false;
  }

  /**
   * A check is due (every FLOOD_CHECK_MS while held): 'view' (the agent still floods: its screen
   * is sent when a view is due), 'wait' (quiet since the last check: one more quiet check makes it
   * calm), or 'calm' (it printed under CALM_BYTES and CALM_LINES in each of the last CALM_CHECKS
   * periods: the page gets the exact screen and the stream again, and the gate opens).
   */
  tick(): 'view' | 'wait' | 'calm' {
    const since = this.bytes;
    const lines = this.lines;
    this.bytes = 0;
    this.lines = 0;
    if (since >= CALM_BYTES || lines >= CALM_LINES) {
      this.quiet = 0;
      return 'view';
    }
    if (++this.quiet < CALM_CHECKS) return 'wait';
    this.held = false;
    this.quiet = 0;
    this.windowAt = -Infinity;
    return 'calm';
  }
}
