import type { WebPushRequest } from '../hub/requests.js';

// Where app:web_push goes: the web's pushers, when the web is on (server/web-control.ts adds its
// own while it listens). The hub's part is one fact the policy's `unless_typed` needs: when a key
// was last typed at the hub (any attached client's). What to push, and when, is Lua's.

export type WebPushSink = (m: WebPushRequest) => void;

export class WebPushes {
  private readonly sinks = new Set<WebPushSink>();
  private typedAt = -Infinity;

  constructor(private readonly now: () => number) {}

  /** A key (or paste) came from an attached client. */
  typed(): void {
    this.typedAt = this.now();
  }

  /** A web that pushes: given every push from now on, until the returned function. */
  add(sink: WebPushSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  /** What came of it: sent on to the web, held (a key was typed within quietMs), or no web is on. */
  push(m: WebPushRequest): 'sent' | 'typing' | 'off' {
    if (m.quietMs !== undefined && this.now() - this.typedAt < m.quietMs) return 'typing';
    if (this.sinks.size === 0) return 'off';
    for (const s of this.sinks) s(m);
    return 'sent';
  }
}
