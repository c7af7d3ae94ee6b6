import type { WebSocket } from 'ws';
import { FLOOD_VIEW_MS, FloodGate } from './flood-gate.js';
import type { WebHub } from './hub-port.js';
import type { WebSession } from './sessions.js';

// The one WebSocket of each page: Turbo Stream messages for everything on it ("<turbo-stream ...>"),
// and the terminals it watches: "w3" watch agent 3, "u3" stop, "i3:bytes" type into it (never from
// a read-only session); to the page "s3:COLSxROWS;bytes" (its screen and scrollback), then
// "o3:bytes" as it prints. Output is forwarded as it comes, never held on a timer; an agent that
// floods is sent as its screen a few times a second instead (src/web/flood-gate.ts).

/** A terminal a page watches: how to stop it, and its flood gate. */
interface Watch {
  stop: () => void;
  gate: FloodGate;
  /** The next view while the agent floods. */
  timer: NodeJS.Timeout | null;
}

interface Page {
  ws: WebSocket;
  session: WebSession;
  watching: Map<string, Watch>;
  /** Terminals whose output this page could not keep up with: sent a fresh screen once it drains. */
  behind: Set<string>;
}

// A page that reads slower than an agent floods stops getting its output past HIGH bytes queued;
// once the queue is under LOW it gets the whole screen again (as the terminal clients do).
const HIGH = 1 << 20;
const LOW = 64 * 1024;
const RECHECK_MS = 200;

function end(w: Watch): void {
  w.stop();
  if (w.timer) clearTimeout(w.timer);
}

export class PageSockets {
  private readonly pages = new Set<Page>();
  /** The last chunk sent, as its message's bytes: every page watching that agent gets the same ones. */
  private last: { id: string; chunk: string; bytes: Buffer } | null = null;
  /** The last view of each flooding agent: the pages on it within a moment get the same one. */
  private readonly views = new Map<string, { at: number; msg: string }>();

  constructor(
    private readonly hub: WebHub,
    /** The first page opened (true), the last one went away (false). */
    private readonly occupied: (open: boolean) => void = () => {},
  ) {}

  get size(): number {
    return this.pages.size;
  }

  add(ws: WebSocket, session: WebSession): void {
    const page: Page = { ws, session, watching: new Map(), behind: new Set() };
    this.pages.add(page);
    if (this.pages.size === 1) this.occupied(true);
    ws.on('message', (raw, binary) => {
      if (binary) return;
      void this.message(page, String(raw));
    });
    ws.on('close', () => this.drop(page));
    ws.on('error', () => this.drop(page));
  }

  private drop(page: Page): void {
    if (!this.pages.delete(page)) return;
    if (this.pages.size === 0) this.occupied(false);
    for (const id of [...page.watching.keys()]) this.unwatch(page, id);
  }

  private unwatch(page: Page, id: string): void {
    const w = page.watching.get(id);
    if (!w) return;
    page.watching.delete(id);
    end(w);
    if (![...this.pages].some((p) => p.watching.has(id))) this.views.delete(id);
  }

  private async message(page: Page, msg: string): Promise<void> {
    const tag = msg[0];
    if (tag === 'i') {
      const cut = msg.indexOf(':');
      if (cut < 2 || page.session.readOnly) return;
      this.hub.type(msg.slice(1, cut), msg.slice(cut + 1));
      return;
    }
    const id = msg.slice(1);
    if (!/^[\w:.-]{1,64}$/.test(id)) return;
    if (tag === 'u') this.unwatch(page, id);
    if (tag !== 'w' || page.watching.has(id)) return;
    const w: Watch = { stop: () => {}, gate: new FloodGate(), timer: null }; // (taken while the screen is read)
    page.watching.set(id, w);
    const stop = await this.hub.watch(id, (screen, chunk) => {
      if (page.ws.readyState !== page.ws.OPEN || page.behind.has(id)) return;
      if (page.ws.bufferedAmount > HIGH) return this.fellBehind(page, id);
      if (screen) page.ws.send(`s${id}:${screen.cols}x${screen.rows};${screen.data}`);
      if (chunk === null) return;
      if (w.gate.pass(Buffer.byteLength(chunk), performance.now()))
        page.ws.send(this.output(id, chunk), { binary: false });
      else if (!w.timer) this.flooding(page, id, w);
    });
    const mine = this.pages.has(page) && page.watching.get(id) === w;
    if (!stop) return void (mine && page.watching.delete(id));
    w.stop = stop;
    // The page went away (or stopped watching) while the screen was read.
    if (!mine) end(w);
  }

  /** The agent floods: its screen every FLOOD_VIEW_MS while it does, then the exact screen and the stream. */
  private flooding(page: Page, id: string, w: Watch): void {
    const tick = () => {
      w.timer = null;
      if (!this.pages.has(page) || page.watching.get(id) !== w) return;
      if (w.gate.tick() === 'calm') return this.rewatch(page, id);
      if (page.ws.readyState !== page.ws.OPEN) return;
      if (page.ws.bufferedAmount <= LOW) this.sendView(page, id);
      w.timer = setTimeout(tick, FLOOD_VIEW_MS).unref();
    };
    w.timer = setTimeout(tick, FLOOD_VIEW_MS).unref();
  }

  /** The agent's screen now; read once for all the pages on it within a moment. */
  private sendView(page: Page, id: string): void {
    const now = performance.now();
    let v = this.views.get(id);
    if (!v || now - v.at > FLOOD_VIEW_MS / 5) {
      const screen = this.hub.view(id);
      if (!screen) return;
      v = { at: now, msg: `s${id}:${screen.cols}x${screen.rows};${screen.data}` };
      this.views.set(id, v);
    }
    page.ws.send(v.msg);
  }

  /** The whole screen again, then the stream. */
  private rewatch(page: Page, id: string): void {
    this.unwatch(page, id);
    void this.message(page, `w${id}`);
  }

  /** "o3:bytes", encoded once however many pages watch agent 3 (a flood to ten pages costs one). */
  private output(id: string, chunk: string): Buffer {
    const l = this.last;
    if (l && l.id === id && l.chunk === chunk) return l.bytes;
    this.last = { id, chunk, bytes: Buffer.from(`o${id}:${chunk}`) };
    return this.last.bytes;
  }

  private fellBehind(page: Page, id: string): void {
    page.behind.add(id);
    const check = () => {
      if (!this.pages.has(page) || !page.watching.has(id)) return;
      if (page.ws.bufferedAmount > LOW) return void setTimeout(check, RECHECK_MS).unref();
      page.behind.delete(id);
      this.rewatch(page, id);
    };
    setTimeout(check, RECHECK_MS).unref();
  }

  /** To every page: `html` for writers, `readOnlyHtml` (when given) for read-only sessions. */
  broadcast(html: string, readOnlyHtml = html): void {
    for (const p of this.pages)
      if (p.ws.readyState === p.ws.OPEN) p.ws.send(p.session.readOnly ? readOnlyHtml : html);
  }

  /** Whether any open page is read-only (or writable): what a broadcast must be rendered for. */
  flavours(): { readOnly: boolean; writable: boolean } {
    let readOnly = false;
    let writable = false;
    for (const p of this.pages) p.session.readOnly ? (readOnly = true) : (writable = true);
    return { readOnly, writable };
  }

  /** Closes the pages of ended sessions at once (4401: the page stops retrying). */
  closeSessions(ids: string[]): void {
    for (const p of [...this.pages])
      if (ids.includes(p.session.id)) {
        this.drop(p);
        p.ws.close(4401, 'session ended');
        // The close frame goes first; a page that does not answer it is cut off.
        setTimeout(() => p.ws.terminate(), 200).unref();
      }
  }

  closeAll(): void {
    for (const p of [...this.pages]) {
      p.ws.terminate();
      this.drop(p);
    }
  }
}
