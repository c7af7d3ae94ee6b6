// Raw stdin bytes -> KeyEvents. Buffers partial input (split UTF-8, split escape sequences, long
// bracketed pastes) and tells a lone ESC from the start of a sequence with a short timeout. A
// reply of the user's terminal (terminal-replies.ts) cut across reads is waited for longer, so it
// stays one event (which encodeForPty types into no agent) instead of keys.
// Invariant: the concatenation of every emitted `sequence` is the UTF-8 decoding of the input.

import { realClock, type Clock, type ClockTimer } from '../clock/clock.js';
import type { KeyEvent } from './key-event.js';
import { ESC } from './key-tables.js';
import { matchAt } from './match-sequence.js';
import { awaitsEnd } from './terminal-replies.js';

export interface KeyParserOptions {
  /** How long a lone ESC (or a cut-off sequence) waits for the rest. Default 25 ms. */
  escapeTimeoutMs?: number;
  /** A bracketed paste whose end marker never comes is delivered after this much silence. Default 1000 ms. */
  pasteTimeoutMs?: number;
  /**
   * How long a terminal's reply (or a CSI with parameters) cut across reads waits for its end,
   * from its first byte, before it is taken as cut short. Default 1000 ms.
   */
  replyTimeoutMs?: number;
  /** Whose time those timeouts run on (the hub's). */
  clock?: Clock;
}

const PASTE_START = `${ESC}[200~`;
const PASTE_END = `${ESC}[201~`;
const NO_BYTES = new Uint8Array(0);
// Longer input (a paste) goes through the decoder: fromCharCode.apply takes its bytes as arguments.
const ASCII_MAX = 64;

function isAscii(chunk: Uint8Array): boolean {
  if (chunk.length > ASCII_MAX) return false;
  for (let i = 0; i < chunk.length; i++) if (chunk[i] >= 0x80) return false;
  return true;
}

export class KeyParser {
  private readonly escapeTimeoutMs: number;
  private readonly pasteTimeoutMs: number;
  private readonly replyTimeoutMs: number;
  /** When what `buf` starts with began to wait (its first byte came). */
  private headSince = 0;
  private decoder = new TextDecoder('utf-8', { ignoreBOM: true }); // keep a typed U+FEFF
  private lastBytes: Uint8Array = NO_BYTES; // tail of the byte stream, to spot a split UTF-8 char
  private buf = ''; // decoded input not yet turned into events
  private pasteParts: string[] | null = null; // non-null while inside a bracketed paste
  private pasteTail = ''; // last few chars of the paste, to find an end marker split across chunks
  private timer: ClockTimer | null = null;
  private readonly clock: Clock;
  private queue: KeyEvent[] = [];
  private delivering = false;
  private disposed = false;

  constructor(
    private readonly onEvent: (ev: KeyEvent) => void,
    opts: KeyParserOptions = {},
  ) {
    this.escapeTimeoutMs = opts.escapeTimeoutMs ?? 25;
    this.pasteTimeoutMs = opts.pasteTimeoutMs ?? 1000;
    this.replyTimeoutMs = opts.replyTimeoutMs ?? 1000;
    this.clock = opts.clock ?? realClock;
  }

  feed(chunk: Buffer | Uint8Array | string): void {
    if (this.disposed) return;
    let text: string;
    if (typeof chunk === 'string') {
      text = (this.utf8Pending() ? this.decoder.decode() : '') + chunk;
      this.lastBytes = NO_BYTES;
    } else if (isAscii(chunk) && !this.utf8Pending()) {
      // Typing: a byte or a few, all ASCII. The decoder holds nothing and would change nothing.
      text = String.fromCharCode.apply(null, chunk as unknown as number[]);
      this.lastBytes = NO_BYTES;
    } else {
      text = this.decoder.decode(chunk, { stream: true });
      this.rememberTail(chunk);
    }
    this.clearTimer();
    if (this.buf === '') this.headSince = this.clock.now();
    this.buf += text;
    this.run(false);
  }

  /** Holds nothing: no sequence, paste or character begun (the next bytes start afresh). */
  get idle(): boolean {
    return (
      this.buf === '' && this.pasteParts === null && !this.delivering && !this.disposed && !this.utf8Pending()
    );
  }

  /** No more input is coming for now: emit a pending lone ESC, cut-off sequence or unfinished paste. */
  flush(): void {
    if (this.disposed) return;
    this.clearTimer();
    this.buf += this.decoder.decode(); // a dangling partial UTF-8 char becomes U+FFFD
    this.lastBytes = NO_BYTES;
    this.run(true);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clearTimer();
    this.buf = '';
    this.pasteParts = null;
    this.queue = [];
  }

  private run(eof: boolean): void {
    for (const ev of this.parse(eof)) this.queue.push(ev); // no spread: may be huge
    this.armTimer();
    this.deliver();
  }

  private parse(eof: boolean): KeyEvent[] {
    const out: KeyEvent[] = [];
    let s = this.buf;
    let i = 0;
    for (;;) {
      if (this.pasteParts !== null) {
        const chunk = s.slice(i);
        s = '';
        i = 0;
        const probe = this.pasteTail + chunk;
        const at = probe.indexOf(PASTE_END);
        if (at < 0) {
          this.pasteParts.push(chunk);
          this.pasteTail = probe.slice(-(PASTE_END.length - 1));
          if (eof) out.push(this.endPaste(this.pasteParts.join(''), false));
          break;
        }
        const cut = at - this.pasteTail.length; // < 0 when the marker began in an earlier chunk
        let content = this.pasteParts.join('');
        content = cut >= 0 ? content + chunk.slice(0, cut) : content.slice(0, content.length + cut);
        out.push(this.endPaste(content, true));
        s = chunk.slice(cut + PASTE_END.length);
        continue;
      }
      if (i >= s.length) break;
      const m = matchAt(s, i, eof);
      if (m === null) break;
      i += m.len;
      if (m.pasteStart) {
        this.pasteParts = [];
        this.pasteTail = '';
      } else if (m.event) {
        out.push(m.event);
      }
    }
    if (i > 0) this.headSince = this.clock.now(); // (a new head waits from now)
    this.buf = s.slice(i);
    return out;
  }

  private endPaste(content: string, terminated: boolean): KeyEvent {
    this.pasteParts = null;
    this.pasteTail = '';
    return {
      kind: 'paste',
      name: 'paste',
      ctrl: false,
      alt: false,
      shift: false,
      sequence: PASTE_START + content + (terminated ? PASTE_END : ''),
      text: content,
    };
  }

  // Events are queued so a handler that feeds again (or disposes) cannot reorder or duplicate them.
  private deliver(): void {
    if (this.delivering) return;
    this.delivering = true;
    let failure: { error: unknown } | null = null;
    try {
      // Index walk instead of shift(): a large unbracketed paste can queue a million events.
      for (let at = 0; at < this.queue.length && !this.disposed; at++) {
        try {
          this.onEvent(this.queue[at]);
        } catch (error) {
          failure ??= { error };
        }
      }
    } finally {
      this.queue = [];
      this.delivering = false;
    }
    if (failure) throw failure.error;
  }

  private armTimer(): void {
    if (this.disposed) return;
    let ms: number;
    if (this.pasteParts !== null) ms = this.pasteTimeoutMs;
    else if (this.buf.length > 0 || this.utf8Pending()) {
      ms = this.escapeTimeoutMs;
      // A reply cut across reads: its end may come a while later (a slow link), up to a deadline.
      if (awaitsEnd(this.buf)) ms = Math.max(ms, this.headSince + this.replyTimeoutMs - this.clock.now());
    } else return;
    // weak: a pending ESC must not keep the process alive
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = null;
        this.flush();
      },
      ms,
      true,
    );
  }

  private clearTimer(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private rememberTail(chunk: Uint8Array): void {
    if (chunk.length >= 3) {
      this.lastBytes = chunk.slice(chunk.length - 3);
      return;
    }
    const joined = new Uint8Array(this.lastBytes.length + chunk.length);
    joined.set(this.lastBytes);
    joined.set(chunk, this.lastBytes.length);
    this.lastBytes = joined.slice(Math.max(0, joined.length - 3));
  }

  /** Whether the byte stream ends inside a multi-byte UTF-8 character (so the decoder holds bytes). */
  private utf8Pending(): boolean {
    const b = this.lastBytes;
    let cont = 0;
    for (let k = b.length - 1; k >= 0; k--) {
      const v = b[k];
      if ((v & 0xc0) === 0x80) {
        cont++;
        continue;
      }
      const need = v >= 0xf0 && v <= 0xf4 ? 3 : v >= 0xe0 && v <= 0xef ? 2 : v >= 0xc2 && v <= 0xdf ? 1 : 0;
      return need > cont;
    }
    return false;
  }
}
