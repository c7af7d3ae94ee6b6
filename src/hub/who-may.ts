// Who may ask, besides you, for each verb, each request and each of the server's own ops: the one
// table of it (src/hub/principal.ts reads a row). Closed by default: a request type missing here
// does not compile, and a verb or op with no row (nor a request it is) is yours alone, so nothing
// new is open to an agent, an improvement, a project or a plugin by accident.
// `agent`: a process of an agent's (the kernel says whose) may ask; what acts on an agent or a
// pipeline run is judged further by whose it is (commands/apply-request.ts, verbs/drive.ts).
// A verb that is a request (src/verbs/, its `request`) and has no row of its own has its request's
// row: `app:kill(3)`, its key and `botster-tui kill 3` meet one rule. A verb's own row may narrow
// its request's, never widen it (test/server/verb-table.test.ts).
import type { Asker } from './principal.js';
import type { Request } from './requests.js';

// Showing, moving and asking: even an untrusted project's keys and hooks may.
const LOOK: readonly Asker[] = ['improvement', 'project', 'plugin'];
// The same, and an agent's `botster-tui run` too: what it shows, where the hub looks.
const SEEN: readonly Asker[] = [...LOOK, 'agent'];
// The hub's own overlays and views, driven from keys: your improvements' and plugins' keys may.
const KEYS: readonly Asker[] = ['improvement', 'plugin'];
// An agent's `run` acts on agents it may drive only (commands/apply-request.ts asks the rest of you).
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
  search: SEEN,
  notify_desktop: LOOK,
  // Your phone: your own files' policy only (an improvement's or a plugin's could page you all night).
  web_push: YOURS,
  review: SEEN,
  review_jump: SEEN,
  compare: SEEN,
  compare_select: SEEN,
  compare_scroll: SEEN,
  compare_jump: SEEN,
  worktree_status: LOOK,
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
  // Which verb, and who may ask for it, is the verb's own `may` (verbs/call.ts): judged there.
  verb: SEEN,
  // What a command runs is held to this table request by request.
  run: [...KEYS, 'agent'],
  // The way-out key itself, to the focused agent (tmux's send-prefix): your improvements' keys too.
  send_way_out: ['improvement', { plugin: 'send' }, 'agent'],
  start_agent: AGENTS,
  remove_worktree: ['improvement'],
  session_resume: ['improvement'],
  session_discard: ['improvement'],
  quit: ['improvement'],
  quit_ask: ['improvement'],
  suspend: ['improvement'],
  detach: ['improvement'],
  // Raising trust, merging and deleting branches, changing plugins and answering what waits for
  // you: only you (one improvement must not wave another through).
  trust_project: YOURS,
  finish_worktree: YOURS,
  discard_worktree: YOURS,
  plugin: YOURS,
  improvement_answer: YOURS,
  pipeline_answer: YOURS,
  drive_answer: YOURS,
  host_answer: YOURS,
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
  improvements: AGENT,
  'improvement.revert': AGENT,
  agents: AGENT,
  // The machines this hub reaches and their states (a look: it moves nothing).
  machines: AGENT,
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
  interrupt: AGENT,
  // What acts on agents: an agent, an improvement (each judged further by whose the agent is:
  // verbs/drive.ts) and a plugin granted `spawn`.
  kill: AGENTS,
  restart: AGENTS,
  close: AGENTS,
  // An improvement's code (an agent's) must not type into agents: it could answer another agent's
  // permission prompt for it.
  send: [{ plugin: 'send' }, 'agent'],
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
  // Narrower than its request: what Lua that is not yours runs goes through its own request
  // (app:run), where it is held to its owner.
  run: AGENT,
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

/** The rule of a verb named `name` that is request `request` (if any): its row, its request's, or none. */
export function verbMay(name: string, request?: Request['type']): readonly Asker[] {
  if (Object.hasOwn(VERBS, name)) return VERBS[name];
  return request ? REQUESTS[request] : [];
}

/** The rule of the server's op `op`: its row, or yours alone. */
export function opMay(op: string): readonly Asker[] {
  return Object.hasOwn(OPS, op) ? OPS[op] : [];
}

/**
 * Who may ask for `type` when the keys pressed are an agent's (`snapshot --live --keys` from inside
 * it, how it tries the keys its improvement binds): also what only shows and moves the hub's views
 * and overlays. What those keys run is judged request by request all the same.
 */
export function mayAtKeys(type: Request['type']): readonly Asker[] {
  const may = REQUESTS[type];
  return may === LOOK || may === KEYS ? [...may, 'agent'] : may;
}

/** How a refusal names what verb `name` does (the words of the request it is, if it is one). */
export function verbWords(name: string, request?: Request['type']): string {
  if (request) return requestWords({ type: request } as Request);
  if (name === 'send') return 'type into agents';
  return name === 'kill' || name === 'restart' || name === 'close' ? name : `ask for ${name}`;
}

/** How a refusal names a request. */
export function requestWords(r: Request): string {
  switch (r.type) {
    case 'trust_project':
      return 'trust projects';
    case 'start_agent':
      return 'start agents';
    case 'finish_worktree':
      return 'finish worktrees';
    case 'discard_worktree':
      return 'discard worktrees';
    case 'plugin':
      return 'change plugins';
    case 'improvement_answer':
      return `run improvements.${r.accept ? 'accept' : 'reject'}: only you answer improvements`;
    case 'pipeline_answer':
      return `run pipeline.${r.accept ? 'accept' : 'reject'}: only you answer an agent's pipeline run`;
    case 'drive_answer':
      return 'answer for agents';
    case 'host_answer':
      return "let a box's agent reach a host";
    default:
      return r.type.replace(/_/g, ' ');
  }
}
