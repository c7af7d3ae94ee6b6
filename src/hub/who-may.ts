// Who may ask, besides you, for each verb, each request and each of the server's own ops: the one
// table of it (src/hub/principal.ts reads a row). Closed by default: a request type missing here
// does not compile, and a verb or op with no row is yours alone, so nothing new is open to an
// agent, an improvement, a project or a plugin by accident.
// `agent`: a process of an agent's (the kernel says whose) may ask; what acts on an agent is judged
// further by whose it is (the one drive rule, ./drive-rule.ts). Requests are intents only (what
// the view shows and where it is), and `verb`, the door every act goes through (its verb's row).
import { refusal, type Asker, type Principal } from './principal.js';
import { notGranted } from './capabilities.js';
import type { Request } from './requests.js';

// Showing, moving and asking: even an untrusted project's keys and hooks may.
const LOOK: readonly Asker[] = ['improvement', 'project', 'plugin'];
// The same, and an agent's `botster-tui run` too: what it shows, where the hub looks.
const SEEN: readonly Asker[] = [...LOOK, 'agent'];
// The hub's own overlays and views, driven from keys: your improvements' and plugins' keys may.
const KEYS: readonly Asker[] = ['improvement', 'plugin'];
// What acts on agents: an agent, an improvement (each judged further by whose the agent is: the
// drive rule) and a plugin granted `spawn`. Moving your view by itself (a timer, a hook: not at
// your keys) is acting on the agent it shows, so the focus intents are held to this then too.
const AGENTS: readonly Asker[] = ['improvement', { plugin: 'spawn' }, 'agent'];
const YOURS: readonly Asker[] = [];

const REQUESTS: Record<Request['type'], readonly Asker[]> = {
  focus: SEEN,
  focus_next: SEEN,
  focus_index: SEEN,
  set_mode: SEEN,
  notify: SEEN,
  unnotify: SEEN,
  scroll: SEEN,
  dialog_open: SEEN,
  scroll_search: SEEN,
  notify_desktop: LOOK,
  review: SEEN,
  review_jump: SEEN,
  compare: SEEN,
  compare_select: SEEN,
  compare_scroll: SEEN,
  compare_jump: SEEN,
  help_toggle: KEYS,
  help_scroll: KEYS,
  help_page: KEYS,
  palette_move: KEYS,
  palette_submit: KEYS,
  palette_backspace: KEYS,
  overlay_close: KEYS,
  search_step: [...KEYS, 'agent'],
  select_mark: KEYS,
  select_copy: KEYS,
  select_cancel: KEYS,
  select_start: KEYS,
  select_move: KEYS,
  scroll_page: [...KEYS, 'agent'],
  scroll_bottom: [...KEYS, 'agent'],
  command_palette: KEYS,
  question_open: KEYS,
  // The door to the verbs: which verb, and who may ask for it, is the verb's own row (below).
  verb: SEEN,
};

// Verbs an agent may ask for: the common case (the agent's own view of the hub, and what acts on
// agents, judged further by whose they are).
const AGENT: readonly Asker[] = ['agent'];

/** The verbs' rows (src/verbs/, by name): those without one are their request's, or yours alone. */
const VERBS: Record<string, readonly Asker[]> = {
  ping: AGENT,
  whoami: AGENT,
  snapshot: AGENT,
  push: AGENT,
  check: AGENT,
  'improvement.list': AGENT,
  'improvement.revert': AGENT,
  'agent.list': AGENT,
  // The machines this hub reaches and their states (a look: it moves nothing).
  'machine.list': AGENT,
  message: AGENT,
  // An agent's CLI asks before a tool: for itself only (the verb); answering is yours alone.
  'permission.ask': AGENT,
  status: AGENT,
  report: AGENT,
  usage: AGENT,
  sandbox: AGENT,
  wait: AGENT,
  read: AGENT,
  events: AGENT,
  'agent.interrupt': AGENT,
  // What acts on agents (judged further by the drive rule).
  'agent.new': AGENTS,
  'agent.focus': SEEN,
  'agent.kill': AGENTS,
  'agent.restart': AGENTS,
  'agent.close': AGENTS,
  // An improvement's code (an agent's) must not type into agents: it could answer another agent's
  // permission prompt for it.
  'agent.send': [{ plugin: 'send' }, 'agent'],
  rename: AGENT,
  // A pipeline starts agents and types into them: your files and keys, plugins granted it (its
  // pipelines.run), and an agent through your policy; an agent steers the runs it started only.
  pipeline: [{ plugin: 'pipelines' }, 'agent'],
  plugin_ask: AGENT,
  // It writes a new folder, never adds it: adding and granting stay yours (the plugin request).
  plugin_from_improvement: AGENT,
  'review.comment': AGENT,
  'review.comments': AGENT,
  'review.edit': AGENT,
  'review.send': AGENT,
  // A command run by id (`botster-tui run`, Lua's app:run and commands.run): what the command asks
  // for is held to this table act by act, as the one who ran it.
  run: [...KEYS, 'agent'],
  // Looking at a worktree: what any key may show.
  'worktree.status': LOOK,
  // The way-out key itself, to an agent (tmux's send-prefix): typing into it, as `send` is.
  'agent.send_way_out': ['improvement', { plugin: 'send' }, 'agent'],
  // The hub, its clients and the offer after a hub died: your improvements' keys too.
  'worktree.remove': ['improvement'],
  'hub.stop': ['improvement'],
  'client.quit': ['improvement'],
  'client.detach': ['improvement'],
  'client.suspend': ['improvement'],
  'session.resume': ['improvement'],
  'session.discard': ['improvement'],
  // No row, yours alone: raising trust (project.trust, project.untrust), merging and deleting
  // branches (worktree.finish, worktree.discard), changing plugins (plugin.*), your phone
  // (web.push), and answering what waits for you (improvement.accept, pipeline.accept,
  // agent.allow_drive, agent.allow_host and their refusals): one asker must not wave another through.
};

/** The server's own ops (server/control.ts): ls, web and cli are anyone's; kill-server, handover yours. */
const OPS: Record<string, readonly Asker[]> = {
  ls: AGENT,
  web: AGENT,
  // A native client's command line: its requests are judged one by one as the caller's.
  cli: AGENT,
};

/** The one table: who besides you may ask for a request, a verb, or one of the server's own ops. */
export const WHO_MAY = { request: REQUESTS, verb: VERBS, op: OPS } as const;

/**
 * Why `who` may not do `what`, which row `may` of this table allows (null: it may): the one place a
 * row is read, whatever door asked. A plugin needs the capability the row names, of those
 * `granted` lists, and is told which it lacks.
 */
export function judge(
  who: Principal,
  may: readonly Asker[],
  what: string,
  granted: (plugin: string) => readonly string[] = () => [],
): string | null {
  const no = refusal(who, may, what, granted);
  if (!no) return null;
  return no.capability && who.kind === 'plugin' ? notGranted(who.name, what, no.capability) : no.why;
}

/** The row of verb `name` (its canonical name): its row, or yours alone. */
export function verbMay(name: string): readonly Asker[] {
  return Object.hasOwn(VERBS, name) ? VERBS[name] : YOURS;
}

/** The rule of the server's op `op`: its row, or yours alone. */
export function opMay(op: string): readonly Asker[] {
  return Object.hasOwn(OPS, op) ? OPS[op] : YOURS;
}

/** Where a request was asked: at your keys, at an agent's keys, or by Lua by itself (a hook, a timer). */
export type AskedAt = 'your keys' | 'agent keys' | 'alone';

const FOCUS_MOVES: ReadonlySet<Request['type']> = new Set(['focus', 'focus_next', 'focus_index']);

/**
 * The row that judges request `type` asked `at`. The keys an agent presses (`snapshot --live
 * --keys` from inside it, how it tries the keys its improvement binds) may also show and move the
 * hub's views and overlays; what they run is judged act by act all the same. Moving your view by
 * itself acts on the agent it shows.
 */
export function requestMay(type: Request['type'], at: AskedAt): readonly Asker[] {
  const may = REQUESTS[type];
  if (at === 'agent keys') return may === LOOK || may === KEYS ? [...may, 'agent'] : may;
  if (at === 'alone' && FOCUS_MOVES.has(type)) return AGENTS;
  return may;
}

// How a refusal names what a verb does, where "ask for NAME" would not say it.
const VERB_WORDS: Readonly<Record<string, string>> = {
  'agent.new': 'start agents',
  'agent.send': 'type into agents',
  'agent.send_way_out': 'type into agents',
  'agent.kill': 'kill',
  'agent.restart': 'restart',
  'agent.close': 'close',
  'improvement.accept': 'run improvement.accept: only you answer improvements',
  'improvement.reject': 'run improvement.reject: only you answer improvements',
  'pipeline.accept': "run pipeline.accept: only you answer an agent's pipeline run",
  'pipeline.reject': "run pipeline.reject: only you answer an agent's pipeline run",
  'agent.allow_drive': 'answer for agents',
  'agent.deny_drive': 'answer for agents',
  'agent.allow_host': "let a box's agent reach a host",
  'agent.deny_host': "let a box's agent reach a host",
  'project.trust': 'trust projects',
  'project.untrust': 'trust projects',
  'worktree.finish': 'finish worktrees',
  'worktree.discard': 'discard worktrees',
};

/** How a refusal names what verb `name` does ("start agents", "trust projects"; else "ask for NAME"). */
export function verbWords(name: string): string {
  if (Object.hasOwn(VERB_WORDS, name)) return VERB_WORDS[name];
  return name.startsWith('plugin.') ? 'change plugins' : `ask for ${name}`;
}

/** How a refusal names a request. */
export function requestWords(r: Request, at: AskedAt = 'your keys'): string {
  if (at === 'alone' && FOCUS_MOVES.has(r.type)) return 'move your view by itself (only at your keys)';
  return r.type.replace(/_/g, ' ');
}
