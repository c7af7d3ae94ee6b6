import fs from 'node:fs';
import type { WebPushes } from '../commands/web-pushes.js';
import path from 'node:path';
import type { Agent } from '../agents/agent.js';
import { readAgent } from '../agents/agent-screen.js';
import { ansiLine } from '../terminal/ansi-line.js';
import type { HookRequests } from '../hub/requests.js';
import type { LuaHost } from '../worker/lua-host.js';
import { onWebStream, webReloaded, webResume, webRoute, type WebRouteRun } from '../worker/lua-web.js';
import { worktreeDiff } from '../agents/git-diff.js';
import { where } from '../ui/diff/diff-place.js';
import type { AgentDiff, AgentScreen, RouteAnswer, StreamPush, WebHub, WebRequest } from '../web/hub-port.js';
import { answerVerb, type VerbAnswer } from '../verbs/call.js';
import { grantsOf } from '../plugins/lock.js';
import { USER, principalOfOwner, type Principal } from '../hub/principal.js';
import { agentPayload } from '../effects/hub-events.js';
import type { ControlDeps } from '../verbs/ports.js';
import type { HubState } from '../hub/state.js';

// The one place the web face meets the hub (src/web/hub-port.ts): its routes run in the Lua worker
// like a command, their app:* requests are applied like a hook's, the verbs they wait for
// (app:call) and a page's typing (the `send` verb) go through the verbs' door as every client's
// do, and an agent's terminal is read as `read` reads it.

export interface WebAdapterDeps {
  control: ControlDeps;
  lua: LuaHost;
  /** Carries out Lua's app:* requests (the hub's runner, as for hooks). */
  apply(requests: HookRequests[], source: string): Promise<void>;
  /** A hub event to the Lua hooks (the hub's event bridge); none: the web's own events are not sent. */
  emit?(event: string, payload: Record<string, unknown>, subject: string | null): void;
  /** app:web_push's door (the hub's WebPushes): the web's pusher is added while it listens. */
  pushes?: Pick<WebPushes, 'add'>;
}

/** Numbers the notices the web raises (their ids: `web1`, ...; the hub's own are `n1`, ...). */
let webNotices = 0;

export function webHub({ control: deps, lua, apply, emit }: WebAdapterDeps): WebHub {
  const agent = (id: string): Agent | undefined => deps.agents.get(id);
  // The verbs' one door (verbs/call.ts): a web session is its user's, a plugin's route its plugin's.
  const askVerb = (name: string, args: Record<string, unknown>, who: Principal) =>
    answerVerb(deps, name, args, who, (p) => grantsOf(deps.home, p));
  return {
    home: deps.home,
    async route(req: WebRequest): Promise<RouteAnswer> {
      let run: WebRouteRun;
      try {
        run = await webRoute(lua, req, deps.store.state);
        if (run.missing) return { kind: 'missing' };
        // Each verb it waits for (app:call) runs after what it asked before, as the route's owner
        // asks it (you; a plugin as its grants allow), and its answer goes back into the route.
        for (;;) {
          if (run.requests?.length)
            await apply([{ requests: run.requests, ...(run.owner ? { owner: run.owner } : {}) }], 'web');
          if (!run.wait) break;
          const generation = lua.generation;
          const answer = await askVerb(run.wait.name, run.wait.args ?? {}, principalOfOwner(run.owner));
          // A verb that made the configuration reload (an improvement accepted, say) took the
          // route's waiting Lua with it: what the verb answered is said instead, never lost
          // (asked for JSON, the answer itself).
          if (lua.generation !== generation) {
            if (req.format === 'json') return { kind: 'json', value: answer };
            run = await webReloaded(lua, run.wait.name, answer);
            break;
          }
          run = await webResume(lua, run, answer, deps.store.state);
        }
      } catch (err) {
        return { kind: 'error', message: (err as Error).message };
      }
      const a = run.answer as Record<string, unknown> | null | undefined;
      const source = run.source ?? 'a web route';
      if (a && a.__web === 'render')
        return {
          kind: 'render',
          template: String(a.template),
          data: (a.data as Record<string, unknown>) ?? {},
          source: typeof a.at === 'string' ? a.at : renderLine(source, String(a.template)),
        };
      if (a && a.__web === 'redirect') return { kind: 'redirect', location: String(a.location) };
      if (a === undefined || a === null)
        return {
          kind: 'error',
          message: `${source}: the route answered nothing (render(...), redirect(...) or a table)`,
        };
      return { kind: 'json', value: a };
    },
    onStream(cb: (s: StreamPush) => void) {
      return onWebStream(lua, (p) => {
        const push = p as StreamPush;
        if (push && typeof push.action === 'string' && typeof push.target === 'string') cb(push);
      });
    },
    onAgentsChanged(cb: () => void) {
      return deps.store.subscribe((prev, next) => {
        if (prev.agents !== next.agents) cb();
      });
    },
    onReload(cb: () => void) {
      let generation = lua.generation;
      return deps.store.subscribe((prev, next) => {
        if (lua.generation === generation && prev.configError === next.configError) return;
        generation = lua.generation;
        cb();
      });
    },
    configError: () => deps.store.state.configError,
    lastLine(id: string): string {
      const a = agent(id);
      return a ? (readAgent(a, { lines: 1 })[0] ?? '') : '';
    },
    onOutput(cb: (id: string) => void) {
      return deps.agents.onOutput((a) => cb(a.info.id));
    },
    screenChanged(id: string, line: string): void {
      const a = agent(id);
      if (a) emit?.('web_screen_changed', { agent: agentPayload(a.info), last_line: line }, a.info.name);
    },
    onCardChanged(cb: (id: string) => void) {
      return deps.store.subscribe((prev, next) => {
        if (prev.agentStates === next.agentStates && prev.facts.agents === next.facts.agents) return;
        for (const id of next.agents) {
          const was = prev.agentStates[id];
          const now = next.agentStates[id];
          // A new agent refreshes the pages; a new state is agent_state_changed's.
          if (!was || !now || was.state !== now.state) continue;
          if (was.reason !== now.reason || cardFacts(prev, id) !== cardFacts(next, id)) cb(id);
        }
      });
    },
    pagesOpen(open: boolean): void {
      deps.store.dispatch({ type: 'hub_facts', facts: { webOpen: open } });
    },
    cardChanged(id: string): void {
      const a = agent(id);
      if (a) emit?.('web_card_changed', { agent: agentPayload(a.info) }, a.info.name);
    },
    async watch(id, out) {
      const a = agent(id);
      if (!a) return null;
      let stop: (() => void) | null = null;
      let stopped = false;
      // Another machine's agent: its screen comes over its link while a page shows it.
      const release = deps.holdRemote(id);
      const start = async (): Promise<void> => {
        // (called from a chunk's listener: that chunk reaches the terminal after it, so wait for it too)
        const exact = await settled(a, () => stopped);
        if (stopped || !agent(id)) return;
        // Exact: nothing was printed between the flush and here, the stream starts where the screen
        // ends. Else the agent never stopped printing (a flood): the screen as parsed so far, the
        // stream from now on, and the exact screen again as soon as its output pauses.
        const screen = sharedScreen(a);
        out(screen, null);
        const unsubscribe = a.onData((d) => {
          // Resized (a client of another size took it): the whole screen again, at its new size.
          if (a.terminal.cols !== screen.cols || a.terminal.rows !== screen.rows) {
            stop?.();
            stop = null;
            void start();
          } else out(null, d);
        });
        stop = unsubscribe;
        if (!exact)
          void a.terminal.flush().then(() => {
            if (stopped || stop !== unsubscribe) return;
            unsubscribe();
            stop = null;
            void start();
          });
      };
      await start();
      if (!agent(id)) return (release(), null);
      return () => {
        stopped = true;
        stop?.();
        release();
      };
    },
    view(id: string): AgentScreen | null {
      const a = agent(id);
      return a ? screenOf(a, a.terminal.rows) : null;
    },
    async diff(id: string): Promise<AgentDiff | null> {
      const wt = deps.store.state.facts.agents[id]?.worktree;
      if (!wt) return null;
      const raw = await worktreeDiff(wt.path, wt.base ?? null, 'all');
      const lines = withPlaces(
        raw.text
          .split('\n')
          .slice(0, MAX_DIFF_LINES)
          .map((text) => ({ kind: kindOf(text), text })),
      );
      return {
        against: raw.against,
        truncated: raw.truncated || raw.text.split('\n').length > MAX_DIFF_LINES,
        lines,
      };
    },
    type(id: string, data: string): Promise<VerbAnswer> {
      return askVerb('send', { agent: `id:${id}`, text: data }, USER);
    },
    log: (level, message) => deps.log(level, message),
    notify: (message) => {
      const id = `web${++webNotices}`;
      deps.store.dispatch({ type: 'notify', text: message, level: 'error', id });
      return id;
    },
    clearNotice: (id) => deps.store.dispatch({ type: 'notice_clear', id }),
  };
}

/** What of an agent's facts its card shows (web.card in lua/default/web/routes.lua), as one string. */
function cardFacts(s: HubState, id: string): string {
  const f = s.facts.agents[id];
  if (!f) return '';
  return JSON.stringify([f.name, f.program, f.cwd, f.repo, f.branch, f.git_branch, f.machine, !!f.worktree]);
}

const MAX_DIFF_LINES = 20_000;
/** How long a page waits for an agent's output to be parsed before it takes the screen as it is. */
const SETTLE_MS = 200;

/** Waits until everything the agent printed is on its terminal (true), or SETTLE_MS pass first. */
async function settled(a: Agent, stopped: () => boolean): Promise<boolean> {
  const deadline = performance.now() + SETTLE_MS;
  do {
    const left = deadline - performance.now();
    if (left <= 0) return false;
    let timer: NodeJS.Timeout | undefined;
    const flushed = await Promise.race([
      a.terminal.flush().then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), left))),
    ]);
    clearTimeout(timer);
    if (!flushed) return false;
  } while (a.terminal.pendingBytes() > 0 && !stopped());
  return true;
}

/**
 * Each line of a hunk with its place (a comment's): added and unchanged lines by their number in
 * the file now, removed ones by their number in the old file (side old), as review_comment takes it.
 */
function withPlaces(lines: AgentDiff['lines']): AgentDiff['lines'] {
  let file = '';
  let oldFile = '';
  let nextNew = 0;
  let nextOld = 0;
  let inHunk = false;
  return lines.map((l) => {
    if (l.text.startsWith('diff --git')) inHunk = false;
    if (!inHunk && l.text.startsWith('--- ')) oldFile = l.text.slice(4).replace(/^a\//, '');
    // (a deleted file's lines are named by its old path, as the review panel names them)
    if (!inHunk && l.text.startsWith('+++ '))
      file = l.text === '+++ /dev/null' ? oldFile : l.text.slice(4).replace(/^b\//, '');
    if (l.kind === 'hunk') {
      inHunk = true;
      const m = /^@@ -(\d+)(?:,\d+)? \+(\d+)/.exec(l.text);
      nextOld = Number(m?.[1] ?? 1) || 1;
      nextNew = Number(m?.[2] ?? 1) || 1;
      return l;
    }
    if (!inHunk) return l;
    const mark = l.text[0];
    if (mark === '-') {
      const line = nextOld++;
      // (a removed "-- x" reads "--- x": in a hunk the first character decides)
      return {
        ...l,
        kind: 'del',
        file,
        line,
        side: 'old',
        at: where({ file, line, end: line, side: 'old' }),
      };
    }
    if (mark !== '+' && mark !== ' ') return l;
    if (mark === ' ') nextOld++;
    const line = nextNew++;
    return {
      ...l,
      kind: mark === '+' ? 'add' : 'same',
      file,
      line,
      side: 'new',
      at: where({ file, line, end: line, side: 'new' }),
    };
  });
}

function kindOf(line: string): AgentDiff['lines'][number]['kind'] {
  if (line.startsWith('diff --git') || line.startsWith('+++ ') || line.startsWith('--- ')) return 'file';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  return 'same';
}

/** Full screens read lately, while nothing was parsed since: pages that ask together share one. */
const shared = new WeakMap<Agent, { at: number; screen: AgentScreen; off: () => void }>();
/** How long a shared screen is kept at most (the pages of one calm ask within a moment). */
const SHARE_MS = 100;

/**
 * screenOf(a) with its scrollback, read once for every page that asks before the agent's next
 * output is parsed (ten pages on an agent whose flood just ended cost one read, and one encoding).
 */
function sharedScreen(a: Agent): AgentScreen {
  const now = performance.now();
  const t = a.terminal;
  const got = shared.get(a);
  if (got && now - got.at < SHARE_MS && got.screen.cols === t.cols && got.screen.rows === t.rows)
    return got.screen;
  got?.off();
  const screen = screenOf(a);
  const entry = { at: now, screen, off: () => {} };
  shared.set(a, entry);
  entry.off = t.onParsed(() => {
    entry.off();
    if (shared.get(a) === entry) shared.delete(a);
  });
  return screen;
}

/** The agent's scrollback and screen (or its last `last` lines) as terminal bytes, the cursor where it is. */
function screenOf(a: Agent, last = Infinity): AgentScreen {
  const t = a.terminal;
  const lines: string[] = [];
  for (let i = Math.max(0, t.lineCount - last); i < t.lineCount; i++) lines.push(ansiLine(t.lineRuns(i)));
  const c = t.cursor();
  const data = `${lines.join('\x1b[0m\r\n')}\x1b[0m\x1b[${c.y + 1};${c.x + 1}H\x1b[?25${c.visible ? 'h' : 'l'}`;
  return { cols: t.cols, rows: t.rows, data };
}

/**
 * Where a route renders `template` when Lua could not say (`return render(...)`, a tail call):
 * the first line from the route's own that names it in quotes, else the route's line. So an error
 * about the template (one that does not exist) names the line a user wrote it on.
 */
export function renderLine(source: string, template: string): string {
  const m = /^(.*):(\d+)$/.exec(source);
  if (!m || !path.isAbsolute(m[1]!)) return source;
  let lines: string[];
  try {
    lines = fs.readFileSync(m[1]!, 'utf8').split('\n');
  } catch {
    return source;
  }
  const from = Number(m[2]) - 1;
  const named = [`"${template}"`, `'${template}'`];
  for (let i = from; i < Math.min(lines.length, from + 200); i++) {
    if (i > from && /^\s*routes\.\w+\s*\(/.test(lines[i]!)) break; // the next route's
    if (named.some((n) => lines[i]!.includes(n))) return `${m[1]}:${i + 1}`;
  }
  return source;
}
