// The web's address is shown only to the user at the hub's own terminal, never to an agent: it is
// drawn straight onto the attached client's terminal (not into the frame, so `snapshot` never
// reads it, nor into the hub's state, Lua or log), and only after a deliberate key (Shift+Y) typed
// at that terminal (keys an agent presses through the socket go another way and are never seen
// here). Any other key declines; after the address shows, any key puts the hub's frame back.

export interface RevealIO {
  /** The client keys act on (its id and size), or null when none is attached. */
  served(): { id: string; cols: number; rows: number } | null;
  write(data: string, client: string): void;
  /** That client's frame is drawn again whole. */
  redraw(client: string): void;
}

type Stage = {
  client: string;
  url: () => { url: string; qr: string[] };
  fingerprint: string | null;
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
    const c = this.io.served();
    if (!c) return false;
    if (this.stage) this.io.redraw(this.stage.client);
    this.stage = { client: c.id, url, fingerprint: fingerprint ?? null, shown: false };
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

  /** A client's bytes: true when they were the answer to this (the hub does not see them). */
  input(client: string, data: Buffer): boolean {
    const s = this.stage;
    if (!s || s.client !== client) return false;
    if (s.shown || data.toString('utf8') !== CONFIRM) {
      this.stage = null;
      this.io.redraw(client);
      return true;
    }
    const c = this.io.served();
    if (!c) return ((this.stage = null), true);
    s.shown = true;
    const { url, qr } = s.url();
    const cert = fingerprintLines(s.fingerprint);
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
    return true;
  }

  /** A box of lines in the middle of the client's terminal, drawn over its frame. */
  private box(c: { id: string; cols: number; rows: number }, lines: string[]): void {
    const plain = (l: string) => l.replace(/\x1b\[[0-9;]*m/g, '');
    const width = Math.min(c.cols - 2, Math.max(...lines.map((l) => [...plain(l)].length)) + 4);
    const top = Math.max(0, Math.floor((c.rows - lines.length - 2) / 2));
    const left = Math.max(0, Math.floor((c.cols - width) / 2));
    let out = '\x1b[?2026h\x1b7\x1b[0m';
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
