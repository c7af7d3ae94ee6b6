// The web's address is shown only to the user at the hub's own terminal, never to an agent: it is
// drawn straight onto the attached client's terminal (not into the frame, so `snapshot` never
// reads it, nor into the hub's state, Lua or log), and only after the user answered a question
// with their own keys. `botster-tui web` (from another terminal or typed in an agent) never opens
// anything over the agent being typed into: it asks a question behind the hub's badge, like the
// trust and resume questions (docs/questions.md), which the user opens when they choose (Ctrl+g o)
// and answers there. When an agent asks, the web does not even listen until that answer.
import type { PaletteItem } from '../hub/state.js';
import type { Intent } from '../hub/intents.js';
import type { CommandRegistry } from '../commands/registry.js';
import { BUILTIN_SOURCE } from '../commands/builtin-commands.js';

export interface RevealIO {
  /** The client keys act on (its id and size), or null when none is attached. */
  served(): { id: string; cols: number; rows: number } | null;
  write(data: string, client: string): void;
  /** That client's frame is drawn again whole. */
  redraw(client: string): void;
  /**
   * A question that waits behind the hub's badge until the user opens it; choosing an item runs
   * `web.answer` with its value (WEB_ANSWER).
   */
  ask(q: WebQuestion): void;
  /** That client's bytes come to input() (the box waits for its key), or nobody's (null). */
  holdKeys?(client: string | null): void;
  /** A line in the hub's notices (never the address). */
  notify(text: string, level?: 'info' | 'error'): void;
}

/** A web that listens: a fresh address with a token, and its certificate's fingerprint. */
export interface WebOffer {
  url: () => { url: string; qr: string[] };
  fingerprint: string | null;
}

/** The command a web question's answer runs: only the user's keys may run it (registerWebAnswer). */
export const WEB_ANSWER = 'web.answer';

export interface WebQuestion {
  title: string;
  text: string[];
  items: PaletteItem[];
  from: string;
}

/** The hub's intent that puts it behind the badge: no `by`, so nobody's keys opened it. */
export function webQuestionIntent(q: WebQuestion): Intent {
  return {
    type: 'palette_open',
    title: q.title,
    items: q.items,
    text: q.text,
    action: { kind: 'command_arg', id: WEB_ANSWER },
    from: q.from,
  };
}

/** Questions asked and not answered yet, at most (a repeated ask replaces the one waiting). */
const MAX_PENDING = 20;

/** The certificate's SHA-256 in two halves (it is long), to check against what the browser shows. */
function fingerprintLines(f: string | null): string[] {
  if (!f) return [];
  return ['Its certificate (SHA-256; check it in the browser):', `  ${f.slice(0, 47)}`, `  ${f.slice(48)}`];
}

export class WebReveal {
  /** What each waiting question offers once answered: the web to show (started first if need be). */
  private readonly pending = new Map<number, () => WebOffer | Promise<WebOffer>>();
  private seq = 0;
  /** The address's box, up on this client (its frames wait until a key closes it). */
  private up: string | null = null;
  /** Where the box is on its client's terminal. */
  private drawn: { top: number; left: number; width: number; height: number } | null = null;
  /** A box that waits for its client's next frame (the answered question's dialog gone from it). */
  private waiting: {
    c: { id: string; cols: number; rows: number };
    lines: string[];
    timer: NodeJS.Timeout;
  } | null = null;

  constructor(private readonly io: RevealIO) {}

  /**
   * Whether that client's frames wait: the box is drawn over its frame, outside it, so a frame
   * (an agent printing below it) would erase it. The client gets a whole frame once it closes.
   */
  holds(client: string | undefined): boolean {
    return client !== undefined && this.up === client;
  }

  /** The web listens: asks the user (a question behind the badge) whether to show an address. */
  ask(url: () => { url: string; qr: string[] }, listening: string, fingerprint?: string | null): void {
    const n = this.remember(() => ({ url, fingerprint: fingerprint ?? null }));
    this.io.ask({
      title: "Show the web's one-time address?",
      text: [
        `botster-tui web: the hub listens on ${listening}.`,
        ...fingerprintLines(fingerprint ?? null),
        'The address (with its token) shows on this terminal only, until a key closes it.',
      ],
      items: [
        { id: 'show it here', description: 'the one-time address and its QR code', value: `show:${n}` },
        { id: 'not now', description: 'botster-tui web asks again', value: `no:${n}` },
      ],
      from: 'botster-tui web',
    });
  }

  /**
   * An agent asks for the web, which does not listen yet: asks the user whether to start it
   * (`start` runs only once they choose to).
   */
  askStart(who: string, where: string, start: () => Promise<WebOffer>): void {
    const n = this.remember(start);
    this.io.ask({
      title: `${who} asks to start the web`,
      text: [
        `The hub would listen on ${where}. Nothing listens until you start it.`,
        'The one-time address (with its token) then shows on this terminal only.',
      ],
      items: [
        { id: 'not now', description: 'nothing listens', value: `no:${n}` },
        { id: 'start', description: 'listen, and show a one-time address here', value: `show:${n}` },
      ],
      from: 'botster-tui web',
    });
  }

  private remember(offer: () => WebOffer | Promise<WebOffer>): number {
    const n = ++this.seq;
    this.pending.set(n, offer);
    // (an agent asking in a loop: its questions replace each other in the badge; so do these)
    for (const old of this.pending.keys()) if (this.pending.size > MAX_PENDING) this.pending.delete(old);
    return n;
  }

  /** The user's answer (`show:N` or `no:N`, a question's choice), from their keys at `client`. */
  async answer(value: string): Promise<void> {
    const [, what, id] = /^(show|no):(\d+)$/.exec(value) ?? [];
    const offer = id ? this.pending.get(Number(id)) : undefined;
    if (!offer) return this.io.notify('web: no such question waits (botster-tui web asks one)', 'info');
    this.pending.delete(Number(id));
    if (what !== 'show') return;
    let o: WebOffer;
    try {
      o = await offer();
    } catch (err) {
      return this.io.notify(
        `web: it did not start: ${(err as Error).message.replace(/^web: /, '')}`,
        'error',
      );
    }
    this.showAddress(o);
  }

  /** A client's bytes: true when they closed the address's box (the hub does not see them). */
  input(client: string, data: Buffer): boolean {
    void data;
    if (this.up !== client) return false;
    this.up = this.drawn = null;
    this.io.holdKeys?.(null);
    this.io.redraw(client);
    return true;
  }

  private showAddress(offer: WebOffer): void {
    const c = this.io.served();
    if (!c)
      return this.io.notify(
        'web: no terminal is attached to show the address at: botster-tui web asks again',
      );
    const { url, qr } = offer.url();
    const cert = fingerprintLines(offer.fingerprint);
    const fits = qr.length + 7 + cert.length <= c.rows && 40 <= c.cols;
    this.afterFrame(c, [
      'Open this in your browser (once, within 2 minutes):',
      '',
      url,
      '',
      ...(cert.length ? [...cert, ''] : []),
      ...(fits ? qr : ['(a taller terminal shows its QR code)']),
      '',
      'any key: close',
    ]);
  }

  /**
   * The box, drawn once the client's frame no longer shows the question it answers (the frame the
   * answer caused: its dialog closed, its notice gone), else a moment later.
   */
  private afterFrame(c: { id: string; cols: number; rows: number }, lines: string[]): void {
    if (this.waiting) clearTimeout(this.waiting.timer);
    const timer = setTimeout(() => this.framed(c.id), 250);
    timer.unref?.();
    this.waiting = { c, lines, timer };
    this.io.redraw(c.id);
  }

  /** A frame went to `client`: a box that waited for it is drawn over it. */
  framed(client: string): void {
    const w = this.waiting;
    if (!w || w.c.id !== client) return;
    clearTimeout(w.timer);
    this.waiting = null;
    this.box(w.c, w.lines);
  }

  /** A box of lines in the middle of the client's terminal, drawn over its frame. */
  private box(c: { id: string; cols: number; rows: number }, lines: string[]): void {
    if (this.up && this.up !== c.id) this.io.redraw(this.up);
    const plain = (l: string) => l.replace(/\x1b\[[0-9;]*m/g, '');
    const width = Math.min(c.cols - 2, Math.max(...lines.map((l) => [...plain(l)].length)) + 4);
    const top = Math.max(0, Math.floor((c.rows - lines.length - 2) / 2));
    const left = Math.max(0, Math.floor((c.cols - width) / 2));
    let out = '\x1b[?2026h\x1b7\x1b[0m';
    // A box already up there (a second address) is blanked first: no edge of it is left around this one.
    const was = this.drawn;
    if (was && this.up === c.id)
      for (let r = 0; r < was.height; r++)
        out += `\x1b[${was.top + r + 1};${was.left + 1}H${' '.repeat(was.width)}`;
    this.up = c.id;
    this.io.holdKeys?.(c.id);
    this.drawn = { top, left, width, height: lines.length + 2 };
    const at = (row: number) => `\x1b[${top + row + 1};${left + 1}H`;
    out += `${at(0)}┌${'─'.repeat(width - 2)}┐`;
    lines.forEach((l, i) => {
      const pad = Math.max(0, width - 4 - [...plain(l)].length);
      out += `${at(i + 1)}│ ${l}\x1b[0m${' '.repeat(pad)} │`;
    });
    out += `${at(lines.length + 1)}└${'─'.repeat(width - 2)}┘\x1b8\x1b[?2026l`;
    this.io.write(out, c.id);
  }
}

/**
 * `web.answer`, the command a web question's choice runs: it answers only from the user's keys
 * (never a script, a hook, an agent or an improvement: the address would show without the user
 * choosing it). Registered as a built-in, so a reload keeps it.
 */
export function registerWebAnswer<C extends { notify(text: string, level?: 'info' | 'error'): void }>(
  commands: CommandRegistry<C>,
  reveal: WebReveal,
): void {
  commands.register(
    {
      id: WEB_ANSWER,
      description: "Answer botster-tui web's question (its choices run it; only from your keys)",
      category: 'app',
      source: BUILTIN_SOURCE,
    },
    (ctx, arg, _depth, improvement, by) => {
      if (by !== 'user' || improvement)
        return ctx.notify(
          `${WEB_ANSWER}: only your keys answer the web's question (Ctrl+g o opens it)`,
          'error',
        );
      return reveal.answer(String(arg ?? ''));
    },
  );
}
