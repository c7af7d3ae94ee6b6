import { Signal } from './signal.js';

/** Titles longer than this are cut (a title is a line in a border, not a document; see MAX_TITLE_STRING). */
export const MAX_TITLE = 1024;
/** At most one title event per this many ms per terminal (the latest title wins). */
export const TITLE_EVENT_MS = 50;

/**
 * A terminal's title and its events. A program may retitle itself thousands of times a second:
 * each title event re-renders the layout and may run Lua hooks. Titles are coalesced: the first
 * goes out on the next turn, then at most one every TITLE_EVENT_MS, always the latest; `current`
 * is always current.
 */
export class TitleEvents {
  current = '';
  private readonly sig = new Signal<string>();
  /** When the last event went out, and the pending one (a timer or an immediate) if any. */
  private at = -Infinity;
  private due: (() => void) | null = null;
  private sent = '';
  private disposed = false;

  /** The program set its title. */
  set(t: string): void {
    // Trailing blanks are padding (Gemini CLI pads its titles to 80 columns), not words.
    t = t.trimEnd();
    this.current = t.length > MAX_TITLE ? t.slice(0, MAX_TITLE) : t;
    if (this.due || this.disposed) return;
    const send = (): void => {
      this.due = null;
      this.at = performance.now();
      if (this.current === this.sent) return;
      this.sent = this.current;
      this.sig.fire(this.current);
    };
    const wait = this.at + TITLE_EVENT_MS - performance.now();
    if (wait <= 0) {
      const im = setImmediate(send);
      this.due = () => clearImmediate(im);
    } else {
      const tm = setTimeout(send, wait);
      tm.unref?.();
      this.due = () => clearTimeout(tm);
    }
  }

  on(cb: (title: string) => void): () => void {
    return this.sig.add(cb);
  }

  dispose(): void {
    this.disposed = true;
    this.sig.clear();
    this.due?.();
    this.due = null;
  }
}
