// The web's address is shown only to the user at the hub's own terminal, never to an agent: it is
// drawn straight onto the attached client's terminal (not into the frame, so `snapshot` never
// reads it, nor into the hub's state, Lua or log), and only after a deliberate key (Shift+Y) typed
// at that terminal (keys an agent presses through the socket go another way and are never seen
// here). Any other key declines; after the address shows, any key puts the hub's frame back.
// When an agent asks (`botster-tui web` typed in one, your own shell in the hub included), the
// web does not even listen until that same key: the question says who asks and where it would listen.

export interface RevealIO {
  /** The client keys act on (its id and size), or null when none is attached. */
  served(): { id: string; cols: number; rows: number } | null;
  write(data: string, client: string): void;
  /** That client's frame is drawn again whole. */
  redraw(client: string): void;
}

/** A web that listens: a fresh address with a token, and its certificate's fingerprint. */
export interface WebOffer {
  url: () => { url: string; qr: string[] };
  fingerprint: string | null;
}

type Stage = {
  client: string;
  /** The web to show (started first when an agent asked: it listens only after Shift+Y). */
  offer: () => WebOffer | Promise<WebOffer>;
  shown: boolean;
};

/** The certificate's SHA-256 in two halves (it is long), to check against what the browser shows. */
function fingerprintLines(f: string | null): string[] {
  if (!f) return [];
  return [
    'Its certificate (SHA-256; check it in the browser):',
    `  ${f.slice(0, 47)}`,
    `  ${f.slice(48)}`,
    '',
  ];
}

const CONFIRM = 'Y';

export class WebReveal {
  private stage: Stage | null = null;
  /** Where the last box is on its client's terminal. */
  private drawn: { client: string; top: number; left: number; width: number; height: number } | null = null;

  constructor(private readonly io: RevealIO) {}

  get pending(): boolean {
    return this.stage !== null;
  }

  /**
   * Whether that client's frames wait: the box is drawn over its frame, outside it, so a frame
   * (an agent printing below it) would erase it. The client gets a whole frame once it closes.
   */
  holds(client: string | undefined): boolean {
    return client !== undefined && this.stage?.client === client;
  }

  /** Asks the user at the hub; false when no terminal is attached to ask at. */
  ask(url: () => { url: string; qr: string[] }, listening: string, fingerprint?: string | null): boolean {
    const c = this.begin(() => ({ url, fingerprint: fingerprint ?? null }));
    if (!c) return false;
    this.box(c, [
      'botster-tui web',
      '',
      `The hub listens on ${listening}.`,
      ...fingerprintLines(fingerprint ?? null),
      'Show a one-time address to open it in a browser?',
      '',
      'Shift+Y: show it here        any other key: not now',
    ]);
    return true;
  }

  /**
   * An agent asks for the web, which does not listen yet: asks the user at the hub whether to
   * start it (`start` runs only after Shift+Y); false when no terminal is attached to ask at.
   */
  askStart(who: string, where: string, start: () => Promise<WebOffer>): boolean {
    const c = this.begin(start);
    if (!c) return false;
    this.box(c, [
      'botster-tui web',
      '',
      `${who} asks to start the web: the hub would listen on ${where}.`,
      'Start it, and show a one-time address to open it in a browser?',
      '',
      'Shift+Y: start it, show it here        any other key: no',
    ]);
    return true;
  }

  private begin(offer: Stage['offer']): { id: string; cols: number; rows: number } | null {
    const c = this.io.served();
    if (!c) return null;
    if (this.stage) this.io.redraw(this.stage.client);
    this.stage = { client: c.id, offer, shown: false };
    return c;
  }

  /** A client's bytes: true when they were the answer to this (the hub does not see them). */
  input(client: string, data: Buffer): boolean {
    const s = this.stage;
    if (!s || s.client !== client) return false;
    if (s.shown || data.toString('utf8') !== CONFIRM) {
      this.stage = this.drawn = null;
      this.io.redraw(client);
      return true;
    }
    s.shown = true;
    const offer = s.offer();
    if (!(offer instanceof Promise)) this.showAddress(s, offer);
    else
      // (a key that closed the question while the web started: it listens, no address is shown)
      offer.then(
        (o) => this.stage === s && this.showAddress(s, o),
        (err: Error) => this.stage === s && this.show(['The web did not start:', '', err.message]),
      );
    return true;
  }

  private showAddress(s: Stage, offer: WebOffer): void {
    const c = this.io.served();
    if (!c) return void (this.stage = null);
    const { url, qr } = offer.url();
    const cert = fingerprintLines(offer.fingerprint);
    const fits = qr.length + 6 + cert.length <= c.rows && 40 <= c.cols;
    this.box(c, [
      'Open this in your browser (once, within 2 minutes):',
      '',
      url,
      '',
      ...cert,
      ...(fits ? qr : ['(a taller terminal shows its QR code)']),
      '',
      'any key: close',
    ]);
  }

  private show(lines: string[]): void {
    const c = this.io.served();
    if (!c) return void (this.stage = null);
    this.box(c, [...lines, '', 'any key: close']);
  }

  /** A box of lines in the middle of the client's terminal, drawn over its frame. */
  private box(c: { id: string; cols: number; rows: number }, lines: string[]): void {
    const plain = (l: string) => l.replace(/\x1b\[[0-9;]*m/g, '');
    const width = Math.min(c.cols - 2, Math.max(...lines.map((l) => [...plain(l)].length)) + 4);
    const top = Math.max(0, Math.floor((c.rows - lines.length - 2) / 2));
    const left = Math.max(0, Math.floor((c.cols - width) / 2));
    let out = '\x1b[?2026h\x1b7\x1b[0m';
    // The address drawn over the question: the question's box goes first (the frame under both
    // is drawn whole when the address closes).
    const was = this.drawn;
    if (was && was.client === c.id && this.stage?.client === c.id)
      for (let r = 0; r < was.height; r++)
        out += `\x1b[${was.top + r + 1};${was.left + 1}H${' '.repeat(was.width)}`;
    this.drawn = { client: c.id, top, left, width, height: lines.length + 2 };
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
