// Bundled packages (string-width, slice-ansi, ...) build an Intl.Segmenter when they load. The
// first one loads ICU's break rules (20-70 ms at start); this stand-in builds it on first use.
const Real = globalThis.Intl.Segmenter;

export class LazySegmenter {
  #args;
  #real;
  constructor(...args) {
    this.#args = args;
  }
  #get() {
    return (this.#real ??= new Real(...this.#args));
  }
  segment(input) {
    return this.#get().segment(input);
  }
  resolvedOptions() {
    return this.#get().resolvedOptions();
  }
  static supportedLocalesOf(...args) {
    return Real.supportedLocalesOf(...args);
  }
}
