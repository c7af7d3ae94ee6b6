import type { WebSocket } from 'ws';
import { FLOOD_CHECK_MS, FLOOD_VIEW_MS, FloodGate, lineFeeds } from './flood-gate.js';
import type { AgentScreen, WebHub } from './hub-port.js';
import type { WebSession } from './sessions.js';

// The one WebSocket of each page: Turbo Stream messages for everything on it ("<turbo-stream ...>"),
// and the terminals it watches: "w3" watch agent 3, "u3" stop, "i3:bytes" type into it (never from
// a read-only session); to the page "s3:COLSxROWS;bytes" (its screen and scrollback), then
// "o3:bytes" as it prints. Output is forwarded as it comes, never held on a timer; an agent that
// floods is sent as its screen a few times a second instead (src/web/flood-gate.ts). A frame no page
// sends is refused (a binary one, an unknown message: the socket is closed with a code and the log
// says why); a throw while one is handled closes that socket (1011), never the hub.

/** A terminal a page watches: how to stop it. */
interface Watch {
  stop: () => void;
}

/**
 * An agent while pages watch it: one flood gate and one view timer however many pages, so ten
 * pages cost the hub one count of each chunk and one screen read and encoding per view.
 */
interface Flood {
  gate: FloodGate;
  /** The next view while the agent floods. */
  timer: NodeJS.Timeout | null;
  /** The chunk last counted and what the gate said of it: every page's listener gets the same one. */
  chunk: string | null;
  passed: boolean;
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

export class PageSockets {
  private readonly pages = new Set<Page>();
  /** The last chunk sent, as its message's bytes: every page watching that agent gets the same ones. */
  private last: { id: string; chunk: string; bytes: Buffer } | null = null;
  /** The agents pages watch, each with its flood gate. */
  private readonly floods = new Map<string, Flood>();
  /** A screen's message bytes, encoded once for all the pages it goes to. */
  private readonly encoded = new WeakMap<AgentScreen, Buffer>();

  constructor(
    private readonly hub: WebHub,
    /** The first page opened (true), the last one went away (false). */
    private readonly occupied: (open: boolean) => void = () => {},
    /** Something a page's socket sent was refused (a line in the hub's log). */
    private readonly refused: (what: string) => void = () => {},
  ) {}

  get size(): number {
    return this.pages.size;
  }

  add(ws: WebSocket, session: WebSession): void {
    const page: Page = { ws, session, watching: new Map(), behind: new Set() };
    this.pages.add(page);
    if (this.pages.size === 1) this.occupied(true);
    ws.on('message', (raw, binary) => {
      if (binary) return this.reject(page, 1003, 'a binary WebSocket frame (pages send text)');
      // (a throw, or a promise that fails, while one is handled ends this socket, not the hub)
      try {
        this.message(page, String(raw)).catch((err) => this.failed(page, err));
      } catch (err) {
        this.failed(page, err);
      }
    });
    ws.on('close', () => this.drop(page));
    ws.on('error', (err: NodeJS.ErrnoException) => {
      // ws closes the socket with its code (1007 bad UTF-8, 1009 too large, 1002 a bad frame).
      if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE')
        this.refused(`a WebSocket frame: ${err.message} (${err.code ?? 'no code'})`);
      this.drop(page);
    });
  }

  /** A frame no page sends: said, and the socket closed with `code`. */
  private reject(page: Page, code: number, what: string): void {
    this.refused(what);
    this.drop(page);
    page.ws.close(code, 'refused');
    setTimeout(() => page.ws.terminate(), 1000).unref();
  }

  private failed(page: Page, err: unknown): void {
    this.hub.log('error', `web: a page's message failed: ${(err as Error)?.stack ?? String(err)}`);
    this.drop(page);
    page.ws.close(1011, 'the hub failed on that message');
    setTimeout(() => page.ws.terminate(), 1000).unref();
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
    w.stop();
    if (this.watchers(id).length) return;
    const f = this.floods.get(id);
    if (f?.timer) clearTimeout(f.timer);
    this.floods.delete(id);
  }

  /** The open pages watching agent `id`. */
  private watchers(id: string): Page[] {
    return [...this.pages].filter((p) => p.watching.has(id));
  }

  private async message(page: Page, msg: string): Promise<void> {
    const tag = msg[0];
    if (tag !== 'i' && tag !== 'w' && tag !== 'u')
      return this.reject(
        page,
        1008,
        `a WebSocket message no page sends (${JSON.stringify(msg.slice(0, 20))})`,
      );
    if (tag === 'i') {
      const cut = msg.indexOf(':');
      if (cut < 2)
        return this.refused(`a WebSocket message without an agent (${JSON.stringify(msg.slice(0, 20))})`);
      if (page.session.readOnly) return;
      // The `send` verb, as every client types (what it refuses, typing into an exited agent, is dropped as before).
      void this.hub.type(msg.slice(1, cut), msg.slice(cut + 1));
      return;
    }
    const id = msg.slice(1);
    // (a controller of the user's may name an agent wrongly: said, the page keeps its socket)
    if (!/^[\w:.-]{1,64}$/.test(id))
      return this.refused(`a WebSocket message naming no agent (${JSON.stringify(msg.slice(0, 20))})`);
    if (tag === 'u') this.unwatch(page, id);
    if (tag !== 'w' || page.watching.has(id)) return;
    const w: Watch = { stop: () => {} }; // (taken while the screen is read)
    page.watching.set(id, w);
    // (a page that comes to an agent already flooding is held at once: it does not take a burst)
    if (!this.floods.has(id))
      this.floods.set(id, { gate: new FloodGate(), timer: null, chunk: null, passed: true });
    const stop = await this.hub.watch(id, (screen, chunk) => {
      try {
        this.forward(page, id, screen, chunk);
      } catch (err) {
        this.failed(page, err);
      }
    });
    const mine = this.pages.has(page) && page.watching.get(id) === w;
    if (!stop) {
      if (mine) this.unwatch(page, id);
      return;
    }
    w.stop = stop;
    // The page went away (or stopped watching) while the screen was read.
    if (!mine) stop();
  }

  /** An agent's screen or output to a page watching it. */
  private forward(page: Page, id: string, screen: AgentScreen | null, chunk: string | null): void {
    if (page.ws.readyState !== page.ws.OPEN || page.behind.has(id)) return;
    if (page.ws.bufferedAmount > HIGH) return this.fellBehind(page, id);
    if (screen) page.ws.send(this.screenMessage(id, screen), { binary: false });
    if (chunk === null) return;
    const f = this.floods.get(id);
    if (!f || this.passes(f, chunk)) page.ws.send(this.output(id, chunk), { binary: false });
    else if (!f.timer) this.flooding(id, f);
  }

  /** Whether a chunk goes to the pages; counted once, however many pages' listeners ask. */
  private passes(f: Flood, chunk: string): boolean {
    if (f.chunk === chunk) return f.passed;
    f.chunk = chunk;
    // (the pages' listeners of one chunk run together: the next chunk is counted again)
    queueMicrotask(() => {
      if (f.chunk === chunk) f.chunk = null;
    });
    f.passed = f.gate.pass(Buffer.byteLength(chunk), performance.now(), (upTo) => lineFeeds(chunk, upTo));
    return f.passed;
  }

  /**
   * The agent floods: its screen every FLOOD_VIEW_MS to each page on it while it does (read and
   * encoded once), then (quiet at CALM_CHECKS checks in a row, every FLOOD_CHECK_MS) the exact
   * screen and the stream again.
   */
  private flooding(id: string, f: Flood): void {
    let checks = 0;
    const tick = () => {
      f.timer = null;
      if (this.floods.get(id) !== f) return;
      const pages = this.watchers(id).filter((p) => !p.behind.has(id));
      const said = f.gate.tick();
      if (said === 'calm') {
        for (const p of pages) this.rewatch(p, id);
        return;
      }
      f.timer = setTimeout(tick, FLOOD_CHECK_MS).unref();
      if (++checks % (FLOOD_VIEW_MS / FLOOD_CHECK_MS) !== 0 || said === 'wait') return;
      const ready = pages.filter((p) => p.ws.readyState === p.ws.OPEN && p.ws.bufferedAmount <= LOW);
      try {
        const screen = ready.length ? this.hub.view(id) : null;
        if (screen) {
          const msg = this.screenMessage(id, screen);
          for (const p of ready) p.ws.send(msg, { binary: false });
        }
      } catch (err) {
        // (a timer's throw would be the process's: this one is the pages' alone)
        for (const p of ready) this.failed(p, err);
      }
    };
    f.timer = setTimeout(tick, FLOOD_CHECK_MS).unref();
  }

  /** "s3:COLSxROWS;bytes", encoded once for every page it goes to. */
  private screenMessage(id: string, screen: AgentScreen): Buffer {
    let b = this.encoded.get(screen);
    if (!b) {
      b = Buffer.from(`s${id}:${screen.cols}x${screen.rows};${screen.data}`);
      this.encoded.set(screen, b);
    }
    return b;
  }

  /** The whole screen again, then the stream. */
  private rewatch(page: Page, id: string): void {
    this.unwatch(page, id);
    this.message(page, `w${id}`).catch((err) => this.failed(page, err));
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
