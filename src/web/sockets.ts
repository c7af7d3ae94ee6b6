import type { WebSocket } from 'ws';
import type { WebHub } from './hub-port.js';
import type { WebSession } from './sessions.js';

// The one WebSocket of each page: Turbo Stream messages for everything on it ("<turbo-stream ...>"),
// and the terminals it watches: "w3" watch agent 3, "u3" stop, "i3:bytes" type into it (never from
// a read-only session); to the page "s3:COLSxROWS;bytes" (its screen and scrollback), then
// "o3:bytes" as it prints. Output is forwarded as it comes, never held on a timer.

interface Page {
  ws: WebSocket;
  session: WebSession;
  watching: Map<string, () => void>;
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

  constructor(private readonly hub: WebHub) {}

  get size(): number {
    return this.pages.size;
  }

  add(ws: WebSocket, session: WebSession): void {
    const page: Page = { ws, session, watching: new Map(), behind: new Set() };
    this.pages.add(page);
    ws.on('message', (raw, binary) => {
      if (binary) return;
      void this.message(page, String(raw));
    });
    ws.on('close', () => this.drop(page));
    ws.on('error', () => this.drop(page));
  }

  private drop(page: Page): void {
    if (!this.pages.delete(page)) return;
    for (const stop of page.watching.values()) stop();
    page.watching.clear();
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
    if (tag === 'u') {
      page.watching.get(id)?.();
      page.watching.delete(id);
    }
    if (tag !== 'w' || page.watching.has(id)) return;
    page.watching.set(id, () => {}); // (taken while the screen is read)
    const stop = await this.hub.watch(id, (screen, chunk) => {
      if (page.ws.readyState !== page.ws.OPEN || page.behind.has(id)) return;
      if (page.ws.bufferedAmount > HIGH) return this.fellBehind(page, id);
      if (screen) page.ws.send(`s${id}:${screen.cols}x${screen.rows};${screen.data}`);
      if (chunk !== null) page.ws.send(this.output(id, chunk), { binary: false });
    });
    if (!stop) return void page.watching.delete(id);
    if (!this.pages.has(page) || !page.watching.has(id)) return stop();
    page.watching.set(id, stop);
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
      page.watching.get(id)?.();
      page.watching.delete(id);
      void this.message(page, `w${id}`); // the whole screen again, then the stream
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
