// Everything the web face asks of the hub, behind one narrow port: the server room's adapter
// (src/server/web-adapter.ts) fills it from what the control socket already uses. What a page
// changes goes through the hub's verbs (src/verbs/), as the socket's and Lua's requests do: a route
// waits for a verb's typed answer (app:call) and renders it, and typing in a page is `send`.
// Nothing here is the hub's own state.

/** A request as a Lua route sees it (lua/core/web.lua: req.method, req.path, req.query, req.form). */
export interface WebRequest {
  method: 'GET' | 'POST';
  path: string;
  query: Record<string, string>;
  form: Record<string, string>;
  read_only: boolean;
  /** "json" when the client asked for JSON (Accept: application/json, not text/html): a route may answer its verb's typed answer. */
  format: 'html' | 'json';
}

/** A verb's typed answer (src/verbs/call.ts): `{ ok: true, ... }`, `{ ok: false, refused }` or `{ ok: false, error, reason }`. */
export type WebVerbAnswer = { ok: boolean } & Record<string, unknown>;

/** What a route answered: a page to render, a redirect, JSON, or nothing matched. */
export type RouteAnswer =
  | { kind: 'render'; template: string; data: Record<string, unknown>; source: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'json'; value: unknown }
  | { kind: 'missing' }
  | { kind: 'error'; message: string };

/** web.turbo_stream(action, target, html) from a Lua hook: html, or a template to render. */
export interface StreamPush {
  action: string;
  target: string;
  /** "morph": the element is changed in place (Turbo's idiomorph), not made anew. */
  method?: 'morph';
  html: string | { template: string; data: Record<string, unknown> };
}

/** An agent's terminal for a page: its screen and scrollback as terminal bytes, at its size. */
export interface AgentScreen {
  cols: number;
  rows: number;
  data: string;
}

/** A review: the diff's lines, each with its kind (for colour). */
export interface AgentDiff {
  against: string;
  truncated: boolean;
  /**
   * `file`, `line`, `side` and `at`: a line of a hunk, where a comment can go. Added and unchanged
   * lines are the new side (their number in the file now), removed ones the old side (their number
   * in the old file); `at` names it as comments do ("app.js:2", "app.js:2 (removed)").
   */
  lines: Array<{
    kind: 'add' | 'del' | 'hunk' | 'file' | 'same';
    text: string;
    file?: string;
    line?: number;
    side?: 'new' | 'old';
    at?: string;
  }>;
}

export interface WebHub {
  /** $BOTSTER_HOME: user/templates and user/controllers live there. */
  readonly home: string;
  /**
   * Runs the Lua route for a request: its app:* requests are carried out as a command's, and each
   * verb it waits for (app:call) runs before it goes on with the verb's answer.
   */
  route(req: WebRequest): Promise<RouteAnswer>;
  /** web.turbo_stream calls of Lua hooks. */
  onStream(cb: (s: StreamPush) => void): () => void;
  /** An agent started or went away: the pages refresh. */
  onAgentsChanged(cb: () => void): () => void;
  /** The configuration (routes, templates' Lua) went live again, or failed: the pages refresh. */
  onReload(cb: () => void): () => void;
  /** The configuration's error now ("file:line: message"), or null. */
  configError(): string | null;
  /** The agent's last non-blank line on screen. */
  lastLine(id: string): string;
  /** Each time an agent's output was parsed onto its screen (its id). */
  onOutput(cb: (id: string) => void): () => void;
  /** Tells the Lua policy an agent's last line changed (the event web_screen_changed). */
  screenChanged(id: string, line: string): void;
  /**
   * Each time what an agent's card shows changed while its state did not (a waiting agent asks
   * another question; its branch or program changed): its id. A state change is agent_state_changed.
   */
  onCardChanged(cb: (id: string) => void): () => void;
  /** Tells the Lua hooks that agent's card changed (the event web_card_changed). */
  cardChanged(id: string): void;
  /** Whether any page is open now (app.web_open): the web's hooks build nothing for no one. */
  pagesOpen(open: boolean): void;
  /**
   * Its screen and scrollback now, then each chunk it prints, to `out` (null: no such agent here).
   * The returned function stops the stream.
   */
  watch(
    id: string,
    out: (screen: AgentScreen | null, chunk: string | null) => void,
  ): Promise<(() => void) | null>;
  /** Its screen now, as parsed so far, without the scrollback (what a page on a flood is sent). */
  view(id: string): AgentScreen | null;
  /** What an agent changed in its worktree (against the branch it came from); null: no worktree. */
  diff(id: string): Promise<AgentDiff | null>;
  /** Types bytes into an agent through the `send` verb, as the session's user (never rejects). */
  type(id: string, data: string): Promise<WebVerbAnswer>;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** An error notice in the hub (what the user sees at the keys), as a broken layout's; answers its id. */
  notify(message: string): string;
  /** Notice `id` is over (the broken file was mended or removed): gone, unless another replaced it. */
  clearNotice(id: string): void;
}
