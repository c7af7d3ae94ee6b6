import { BUILTIN_SOURCE, OVERLAY_COMMANDS } from './builtin-commands.js';
import type { CommandHandler } from './registry.js';
import type { Agent } from '../agents/agent.js';
import type { PaletteItem } from '../hub/state.js';
import type { Request } from '../hub/requests.js';
import { desktopNotification } from '../effects/desktop-notification.js';
import { typeInto } from '../server/control-agents.js';
import { requestSuspend } from '../client/suspend.js';
import { openSearch, pageSize, reviewJump, reviewTarget, scrollBy, search, startSelection } from './hub-scroll.js';
import type { Hub } from '../app/hub.js';

/** Where a batch of requests came from: for errors, nested commands and dialog answers. */
export interface RequestOrigin {
  /** `file:line`, "builtin" or a name, for messages. */
  source: string;
  /** How deep commands ran commands to get here. */
  depth: number;
  /** The improvement whose Lua state asked (its dialogs answer there). */
  owner?: string;
  /**
   * The improvement that started this chain: its own Lua asked, or a command, dialog or key table
   * it ran (yours included) did. Only the user answers improvements: nothing it started may.
   */
  improvement?: string;
  /** Runs a command id (the runner's, so an override that runs its own id reaches the one it shadows). */
  run(id: string, arg: unknown): Promise<void>;
  /** When it was asked (the hub's clock), for the frame the worker rendered with it (see LuaHost.luaRun). */
  now?: number;
  /** The registration of the command whose Lua asked (a dialog it opens answers as part of it). */
  command?: { id: string; source: string };
}

/**
 * Carries out one request (hub/requests.ts), whoever asked: a built-in command or Lua's app:*.
 * The reducer's intents go to dispatch with what only the host knows added (scroll limits, page
 * sizes, the dialog a palette answers); the rest start the hub's actions.
 */
export function applyRequest(hub: Hub, r: Request, from: RequestOrigin): Promise<void> {
  // What a request dispatches may run a command or answer a dialog at once (the reducer's effects):
  // that is part of the chain too.
  return from.improvement ? hub.runner.within(from.improvement, () => apply(hub, r, from)) : apply(hub, r, from);
}

/**
 * What an untrusted project's Lua may ask for: to show, move and ask; never to start, stop, type
 * into or run anything (its keys and hooks run in a sandbox until you trust the folder).
 */
const UNTRUSTED_MAY = new Set<Request['type']>(['focus', 'focus_next', 'focus_index', 'set_mode', 'notify', 'scroll', 'palette_open', 'search', 'notify_desktop', 'review', 'review_jump', 'worktree_status']);

async function apply(hub: Hub, r: Request, from: RequestOrigin): Promise<void> {
  const owner = from.owner ?? from.improvement;
  if (owner?.startsWith('project:') && !UNTRUSTED_MAY.has(r.type) && r.type !== 'trust_project') {
    return hub.notify(`${owner.slice(8)}: not trusted: it cannot ${r.type.replace(/_/g, ' ')} (project.trust trusts the project)`);
  }
  switch (r.type) {
    case 'focus':
      return hub.dispatch(r, from.now);
    case 'focus_next':
    case 'focus_index':
    case 'set_mode':
    case 'notify':
    case 'help_toggle':
    case 'help_scroll':
    case 'palette_move':
    case 'palette_submit':
    case 'select_mark':
    case 'select_copy':
    case 'select_cancel':
      return hub.dispatch(r);
    case 'help_page':
      // The help overlay shows rows - 6 lines of bindings at most (see helpOverlay).
      return hub.dispatch({ type: 'help_scroll', lines: r.pages * Math.max(1, hub.state.client.rows - 6) });
    case 'palette_backspace':
      return hub.dispatch({ type: 'palette_edit', backspace: true });
    case 'overlay_close':
      if (hub.state.client.overlay?.kind === r.kind) hub.dispatch({ type: 'overlay_close' });
      return;
    case 'scroll':
      return scrollBy(hub, r.lines);
    case 'scroll_page':
      return scrollBy(hub, r.pages * pageSize(hub));
    case 'scroll_bottom':
      return scrollBy(hub, -Infinity);
    case 'search_prompt':
      return openSearch(hub);
    case 'search_step': {
      const rv = reviewTarget(hub);
      // n is the next match down the diff (in the scrollback it is the next older one, upward).
      if (rv) return hub.dispatch({ type: 'review_search_step', delta: r.delta, rows: rv.rows, lineCount: rv.lines.length });
      return hub.dispatch(r);
    }
    case 'search':
      return search(hub, r.query);
    case 'select_start':
      return startSelection(hub);
    case 'select_move':
      return moveSelection(hub, r.delta);
    case 'command_palette': {
      // The overlay tables' own commands do nothing from the palette: it does not offer them.
      const items = hub.commands.list().filter((c) => !OVERLAY_COMMANDS.has(c.id)).map((c) => ({ id: c.id, description: c.description }));
      return hub.dispatch({ type: 'palette_open', title: 'Commands', items, action: { kind: 'command' } });
    }
    case 'palette_open': {
      const action = { kind: 'lua' as const, ref: r.dialog, ...(r.prompt ? { input: true } : {}), ...(from.owner ? { owner: from.owner } : {}), ...(from.command ? { command: from.command } : {}) };
      const items: PaletteItem[] = r.items ?? [];
      return hub.dispatch({ type: 'palette_open', title: r.title, items, action, ...(r.prompt ? { prompt: true, query: r.query ?? '' } : {}) });
    }
    case 'spawn':
      return hub.lifecycle.spawnFromKey(r.spec);
    case 'spawn_typed':
      // A new agent is there to be typed into: focused, in insert mode.
      if (!r.spec) return hub.lifecycle.spawnDialog();
      return hub.lifecycle.spawnFromKey(r.spec, () => hub.dispatch({ type: 'set_mode', mode: 'insert' }));
    case 'send': {
      // An improvement's code (an agent's) must not type into agents: it could answer another
      // agent's permission prompt for it. Your own files and keys may.
      if (from.improvement ?? from.owner) return hub.notify(`an improvement cannot type into agents (${from.source})`);
      const agent = hub.agents.get(r.id ?? hub.state.client.focus ?? '');
      if (!agent || agent.isExited) return hub.notify(agent ? `agent ${agent.info.name} has exited: nothing reads what you send` : 'no agent to send to', 'info');
      try {
        typeInto(hub, agent, r.text, r.keys);
      } catch (err) {
        hub.notify(`app:send: ${(err as Error).message}`);
      }
      return;
    }
    case 'kill': {
      const agent = hub.agents.get(r.id ?? hub.state.client.focus ?? '');
      if (agent) await hub.lifecycle.kill(agent);
      return;
    }
    case 'restart': {
      const id = r.id ?? hub.state.client.focus;
      if (id) await hub.lifecycle.restart(id, r.spec);
      return;
    }
    case 'restart_focused':
      return hub.lifecycle.restartFocused();
    case 'close':
      return hub.lifecycle.close(agentArg(hub, r.agent));
    case 'send_way_out':
      return hub.lifecycle.sendWayOut();
    case 'next_waiting':
      return hub.lifecycle.focusNextWaiting();
    case 'quit':
      return hub.quit();
    case 'quit_ask':
      return quitWithoutLua(hub);
    case 'detach':
      if (!hub.opts.detach?.()) hub.notify('client.detach needs a hub server with a client attached (plain botster-tui)');
      return;
    case 'suspend':
      if (!(hub.opts.suspend?.() ?? requestSuspend())) hub.notify('app.suspend needs a hub running in a terminal');
      return;
    case 'run':
      // Only the user answers improvements: one improvement must not wave another through.
      if ((from.improvement ?? from.owner) && r.id.startsWith('improvements.')) return hub.notify(`an improvement cannot run ${r.id}: only you answer improvements`);
      return from.run(r.id, r.arg);
    case 'remove_worktree':
      return hub.lifecycle.offers.remove(r.path);
    case 'worktree_status': {
      const answer = (facts: Record<string, unknown>) => hub.runner.runLua((render) => hub.lua.resolveDialog(r.dialog, facts, hub.appData(), from.owner, render), `${from.source} (worktree status)`, from.owner, undefined, from.improvement);
      // git may take a while: keys go on meanwhile (tracked, so a script's `run` waits for the answer).
      return hub.track(hub.worktreeFlow.status(r.id, answer));
    }
    case 'review':
      if (r.id === undefined) return hub.dispatch({ type: 'review_close' });
      if (!hub.agents.get(r.id)) return hub.notify(`app:open_review: no agent ${r.id}`);
      return hub.dispatch({ type: 'review_open', agent: r.id, mode: r.mode });
    case 'review_jump':
      return reviewJump(hub, r.to);
    case 'trust_project':
      // A project cannot raise its own trust, nor can any improvement: only your files and keys.
      if (owner) return hub.notify(`${owner.startsWith('project:') ? owner.slice(8) : `improvement ${owner}`} cannot trust projects: only you can (project.trust)`);
      return hub.projects.trust(r.path, r.trust);
    case 'finish_worktree':
    case 'discard_worktree':
      // Merging and deleting branches is the user's to do, not an agent's improvement (or an untrusted project's).
      if (from.improvement ?? from.owner) return hub.notify(`an improvement cannot ${r.type === 'finish_worktree' ? 'finish' : 'discard'} worktrees (${from.source})`);
      return hub.track(r.type === 'finish_worktree' ? hub.worktreeFlow.finish(r.id, r.how, r.force) : hub.worktreeFlow.discard(r.id));
    case 'notify_desktop':
      // To every attached client (each is a terminal the user may be looking at).
      return void hub.opts.write(desktopNotification(r.text, r.kind));
    case 'session_resume':
      return hub.sessions.resumeOffer();
    case 'session_discard':
      return hub.sessions.discardOffer();
    case 'improvement_answer':
      // However it got here (a command of yours that an improvement ran, say).
      if (from.improvement ?? from.owner) return hub.notify(`an improvement cannot run improvements.${r.accept ? 'accept' : 'reject'}: only you answer improvements`);
      return hub.notify(await hub.improvements.answer(r.accept), 'info');
  }
}

/** Requests in order: each one's action is done before the next starts. */
export async function applyRequests(hub: Hub, requests: readonly Request[], from: RequestOrigin): Promise<void> {
  for (const r of requests) await applyRequest(hub, r, from);
}

/** An agent named by its 1-based number or its id; none given: the focused one. */
function agentArg(hub: Hub, arg: number | string | undefined): Agent | undefined {
  if (typeof arg === 'number') return hub.agents.get(hub.state.agents[arg - 1] ?? '');
  if (typeof arg === 'string') return hub.agents.get(arg) ?? hub.agents.get(hub.state.agents[Number(arg) - 1] ?? '');
  return hub.focused;
}

function moveSelection(hub: Hub, delta: number): void {
  const sel = hub.state.client.selection;
  if (!sel) return;
  const rv = sel.agentId.startsWith('diff:') ? reviewTarget(hub) : null;
  if (rv) return hub.dispatch({ type: 'select_move', delta, term: { lineCount: rv.lines.length, rows: rv.rows, scrollbackLength: 0 } });
  const agent = hub.agents.get(sel.agentId);
  if (!agent) return hub.dispatch({ type: 'select_cancel' });
  const t = agent.terminal;
  hub.dispatch({ type: 'select_move', delta, term: { lineCount: t.lineCount, rows: t.rows, scrollbackLength: t.scrollbackLength } });
}

/** app.quit while Lua is stopped: settings.on_quit still decides; "ask" asks with the palette. */
function quitWithoutLua(hub: Hub): Promise<void> | void {
  const how = hub.config.settings.on_quit;
  if (how === 'stop') return hub.quit();
  if (how === 'detach') return hub.runCommand('client.detach');
  const items = ['client.detach', 'app.stop'].map((id) => ({ id, description: hub.commands.get(id)?.description ?? '' }));
  hub.dispatch({ type: 'palette_open', title: 'Quit: detach or stop the agents?', items, action: { kind: 'command' } });
}

/** The handler a built-in command runs: its requests (hub/builtin-requests.ts), carried out. */
export function builtinHandler(requests: (arg: unknown) => readonly Request[]): CommandHandler<Hub> {
  return (hub, arg, depth = 0, improvement) =>
    applyRequests(hub, requests(arg), { source: BUILTIN_SOURCE, depth, improvement, run: (id, a) => hub.runner.runCommand(id, a, BUILTIN_SOURCE, depth + 1, undefined, improvement) });
}
