import { BUILTIN_SOURCE, OVERLAY_COMMANDS } from './builtin-commands.js';
import type { CommandHandler } from './registry.js';
import type { Request } from '../hub/requests.js';
import { desktopNotification } from '../effects/desktop-notification.js';
import { typeInto } from '../agents/type-into.js';
import { requestSuspend } from './self-suspend.js';
import {
  compareJump,
  compareScroll,
  compareTarget,
  pageSize,
  reviewJump,
  reviewTarget,
  search,
  startSelection,
} from './hub-scroll.js';
import { resolveRequest, type RequestFacts } from '../hub/resolve-request.js';
import { keysFor } from '../keys/table-hints.js';
import type { RequestContext } from './ports.js';
import type { Answerer } from '../hub/state.js';
import { notGranted } from '../plugins/capabilities.js';
import {
  describePrincipal,
  driveRefusal,
  principalOfOwner,
  refusal,
  runRefusal,
  USER,
  type AgentPrincipal,
} from '../hub/principal.js';
import { REQUEST_MAY, mayAtKeys, requestWords } from '../hub/request-may.js';
import { agentArg, targetOf } from './request-target.js';
import { luaDriveRefused, luaStarted } from './lua-drive.js';

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
  /** Who is at the keys: the user (a key, the palette, a dialog they answered) or a script; absent: nobody (a hook, the hub), so a dialog opened waits as a question. */
  by?: Answerer;
}

/**
 * Carries out one request (hub/requests.ts), whoever asked: a key's command, Lua's app:* or the
 * control socket. The reducer's intents go to dispatch with what only the host knows added (scroll
 * limits, page sizes, the dialog a palette answers); the rest start the hub's actions. Resolves
 * with what the action answers, where one does (`start_agent`: the agent), else undefined.
 */
export function applyRequest(ctx: RequestContext, r: Request, from: RequestOrigin): Promise<unknown> {
  // What a request dispatches may run a command or answer a dialog at once (the reducer's effects):
  // that is part of the chain too.
  return from.improvement
    ? ctx.runner.within(from.improvement, () => apply(ctx, r, from))
    : apply(ctx, r, from);
}

/**
 * Why `asked` (an improvement, a project or a plugin; absent: you) may not make request `r`, from
 * the one table of who may ask (hub/request-may.ts); null: it may.
 */
function refused(ctx: RequestContext, asked: string | undefined, r: Request, source: string): string | null {
  const p = principalOfOwner(asked);
  if (p.kind === 'plugin') {
    const what = r.type === 'run' ? `running ${r.id}` : r.type.replace(/_/g, ' ');
    const no = refusal(p, REQUEST_MAY[r.type], what, (name) => ctx.plugins.granted(name));
    return no && (no.capability ? notGranted(p.name, what, no.capability) : no.why);
  }
  // Only the user answers improvements: one improvement must not wave another through.
  if (r.type === 'run' && p.kind !== 'user' && r.id.startsWith('improvements.'))
    return `${p.kind === 'improvement' ? `improvement ${p.name}` : 'a project'} cannot run ${r.id}: only you answer improvements`;
  const no = refusal(p, REQUEST_MAY[r.type], requestWords(r));
  return no && (p.kind === 'improvement' ? `${no.why} (${source})` : no.why);
}

/**
 * Why the agent whose script asked (`botster-tui run` from inside it) or whose keys were pressed
 * (`snapshot --live --keys`, `atKeys`) may not make request `r`; null: it may. Closed by default (hub/request-may.ts lists what an agent may ask for); what acts
 * on an agent it did not start asks the user once for the pair (lifecycle/agent-drive.ts), and a
 * pipeline run it did not start it may not steer.
 */
async function agentRefused(
  ctx: RequestContext,
  p: AgentPrincipal,
  r: Request,
  atKeys: boolean,
): Promise<string | null> {
  const no = refusal(p, atKeys ? mayAtKeys(r.type) : REQUEST_MAY[r.type], requestWords(r));
  if (no) return no.why;
  const target = targetOf(ctx, r);
  if (target && !(await ctx.drive.ask(p.id, target.agent.id, target.what)))
    return driveRefusal(p.id, { id: target.agent.id, name: target.agent.info.name }, target.what);
  if (
    r.type === 'pipeline_cancel' ||
    r.type === 'pipeline_pause' ||
    r.type === 'pipeline_retry' ||
    r.type === 'pipeline_choose'
  ) {
    const by = ctx.pipelineStartedBy(r.run);
    if (by !== p.id) return runRefusal(p.id, r.run, by);
  }
  return null;
}

async function apply(ctx: RequestContext, r: Request, from: RequestOrigin): Promise<unknown> {
  const asked = from.owner ?? from.improvement;
  // An agent's script, or keys an agent presses (snapshot --live --keys): judged as that agent's.
  const keys = from.by === 'user' ? ctx.keysOf() : undefined;
  const agent = typeof from.by === 'object' ? from.by : keys;
  const no = refused(ctx, asked, r, from.source);
  if (no) return ctx.notify(no);
  // (Only a request an improvement makes on an agent waits here: anything else goes on in the same
  // turn, inside the improvement's chain (HubRunner.within), which an await would leave.)
  const lua = luaDriveRefused(ctx, asked, r, from.by);
  if (lua) {
    const why = await lua;
    if (why) return ctx.runner.refuse(why);
    if (from.improvement) {
      const chain = from.improvement;
      return ctx.runner.within(chain, () => carryOut(ctx, r, from, asked, agent, keys));
    }
  }
  return carryOut(ctx, r, from, asked, agent, keys);
}

/** A request its asker may make (Lua's checks done): an agent's still judged, then carried out. */
async function carryOut(
  ctx: RequestContext,
  r: Request,
  from: RequestOrigin,
  asked: string | undefined,
  agent: AgentPrincipal | undefined,
  keys: AgentPrincipal | undefined,
): Promise<unknown> {
  const agentNo = agent ? await agentRefused(ctx, agent, r, keys !== undefined) : null;
  if (agentNo) return ctx.runner.refuse(agentNo);
  const intents = resolveRequest(r, requestFacts(ctx), from);
  if (intents) {
    // What Lua asked for is applied at the time it asked (see LuaHost.luaRun): the worker's reducer
    // drew the frame it causes with that time (src/worker/predict.ts).
    for (const i of intents) ctx.store.dispatch(i, from.now);
    return;
  }
  switch (r.type) {
    case 'search':
      return search(ctx, r.query);
    case 'select_start':
      return startSelection(ctx);
    case 'spawn': {
      // An agent drives the agents its script started.
      const by = from.by;
      const lua = luaStarter(asked);
      return ctx.lifecycle.spawnFromKey(
        r.spec,
        typeof by === 'object' || lua
          ? (agent) => {
              if (typeof by === 'object') ctx.drive.started(agent.id, by.id);
              if (lua) luaStarted(ctx, asked, lua, agent.id);
            }
          : undefined,
      );
    }
    case 'start_agent': {
      const started = await ctx.lifecycle.start(r.spec, {
        focus: r.focus,
        ...(r.cwd ? { cwd: r.cwd } : {}),
        worktreeRequired: true,
      });
      // An agent drives the agents its script started.
      if (typeof from.by === 'object' && 'agent' in started) ctx.drive.started(started.agent.id, from.by.id);
      const lua = luaStarter(asked);
      if (lua && 'agent' in started) luaStarted(ctx, asked, lua, started.agent.id);
      return started;
    }
    case 'send': {
      const agent = ctx.agents.get(r.id ?? ctx.store.state.client.focus ?? '');
      if (!agent || agent.isExited)
        return ctx.notify(
          agent ? `agent ${agent.info.name} has exited: nothing reads what you send` : 'no agent to send to',
          'info',
        );
      try {
        typeInto(ctx, agent, r.text, r.keys);
      } catch (err) {
        ctx.notify(`app:send: ${(err as Error).message}`);
      }
      return;
    }
    case 'kill': {
      const agent = ctx.agents.get(r.id ?? ctx.store.state.client.focus ?? '');
      return agent ? ctx.lifecycle.kill(agent) : undefined;
    }
    case 'restart': {
      const id = r.id ?? ctx.store.state.client.focus;
      if (id) await ctx.lifecycle.restart(id, r.spec);
      return;
    }
    case 'close':
      return ctx.lifecycle.close(agentArg(ctx, r.agent));
    case 'send_way_out':
      return ctx.lifecycle.sendWayOut();
    case 'quit':
      return ctx.quit();
    case 'quit_ask':
      return quitWithoutLua(ctx, from.by);
    case 'detach':
      if (!ctx.detach?.())
        ctx.notify('client.detach needs a hub server with a client attached (plain botster-tui)');
      return;
    case 'suspend':
      if (!(ctx.suspend?.() ?? requestSuspend())) ctx.notify('app.suspend needs a hub running in a terminal');
      return;
    case 'run':
      return from.run(r.id, r.arg);
    case 'remove_worktree':
      return ctx.lifecycle.offers.remove(r.path);
    case 'worktree_status': {
      const answer = (facts: Record<string, unknown>) =>
        ctx.runner.runLua(
          (render) => ctx.lua.resolveDialog(r.dialog, facts, ctx.store.state, from.owner, render),
          `${from.source} (worktree status)`,
          from.owner,
          undefined,
          from.improvement,
          from.by,
        );
      // git may take a while: keys go on meanwhile (tracked, so a script's `run` waits for the answer).
      return ctx.track(ctx.worktreeFlow.status(r.id, answer));
    }
    case 'verb': {
      // Who asks is the Lua state that asked (yours, an improvement's, a project's, a plugin's), or
      // the agent whose script or keys ran it; the verb's own `may` judges it (verbs/call.ts).
      const who = asked ? principalOfOwner(asked) : (agent ?? USER);
      // Not awaited: a verb waits for the hub to be idle, which this key's action is not until it returns.
      void ctx
        .verb(r.name, r.args, who)
        .then((answer) => {
          if (r.dialog === undefined) {
            if (!answer.ok) ctx.notify(`app:verb ${r.name}: ${String(answer.refused ?? answer.error)}`);
            return;
          }
          const dialog = r.dialog;
          return ctx.runner.runLua(
            (render) => ctx.lua.resolveDialog(dialog, answer, ctx.store.state, from.owner, render),
            `${from.source} (verb ${r.name})`,
            from.owner,
            undefined,
            from.improvement,
            from.by,
          );
        })
        .catch((err: Error) => ctx.notify(`app:verb ${r.name}: ${err.message}`));
      return;
    }
    case 'review_jump':
      return reviewJump(ctx, r.to);
    case 'compare_scroll':
      return compareScroll(ctx, r.lines, r.pages, r.selected);
    case 'compare_jump':
      return compareJump(ctx, r.to);
    case 'pipeline_run': {
      const cwd = ctx.focused()?.cwd ?? process.cwd();
      try {
        const lua = luaStarter(asked);
        const { run } = await ctx.pipelines.start({
          id: r.id,
          vars: r.vars,
          cwd,
          ...(lua ? { by: { lua } } : {}),
        });
        ctx.notify(`pipeline ${r.id} started (run ${run.id})`, 'info');
        return run;
      } catch (err) {
        return ctx.notify(`pipelines.run: ${(err as Error).message}`);
      }
    }
    case 'pipeline_cancel':
    case 'pipeline_pause':
    case 'pipeline_retry':
    case 'pipeline_choose': {
      try {
        const p = ctx.pipelines;
        const run =
          r.type === 'pipeline_cancel'
            ? p.cancel(r.run)
            : r.type === 'pipeline_pause'
              ? p.pause(r.run, r.pause)
              : r.type === 'pipeline_retry'
                ? p.retry(r.run, r.step)
                : await p.choose(r.run, r.step);
        return run;
      } catch (err) {
        return ctx.notify(`pipelines: ${(err as Error).message}`);
      }
    }
    case 'trust_project':
      return ctx.projects.trust(r.path, r.trust, r.hash);
    case 'finish_worktree':
    case 'discard_worktree':
      return ctx.track(
        r.type === 'finish_worktree'
          ? ctx.worktreeFlow.finish(r.id, r.how, r.force)
          : ctx.worktreeFlow.discard(r.id),
      );
    case 'plugin': {
      const p = ctx.plugins;
      if (r.op === 'fetch') {
        const cwd = ctx.focused()?.cwd ?? process.cwd();
        const answer = (facts: Record<string, unknown>) =>
          ctx.runner.runLua(
            (render) => ctx.lua.resolveDialog(r.dialog, facts, ctx.store.state, from.owner, render),
            `${from.source} (plugin fetch)`,
            from.owner,
            undefined,
            from.improvement,
            from.by,
          );
        // git or npm may take a while: keys go on meanwhile.
        return ctx.track(p.fetch(r.source, cwd).then(answer));
      }
      if (r.op === 'add') return ctx.track(p.add(r.token, r.grant));
      if (r.op === 'grant') return p.grant(r.name, r.grant);
      if (r.op === 'update') return ctx.track(p.update(r.name));
      if (r.op === 'remove') return p.remove(r.name);
      return p.enable(r.name, r.op === 'enable');
    }
    case 'notify_desktop':
      // To every attached client (each is a terminal the user may be looking at).
      return void ctx.write(desktopNotification(r.text, r.kind));
    case 'session_resume':
      return ctx.sessions.resumeOffer();
    case 'session_discard':
      return ctx.sessions.discardOffer();
    case 'improvement_answer':
      return ctx.notify(await ctx.answerImprovement(r.accept, r.name), 'info');
    case 'drive_answer':
      return ctx.notify(ctx.answerDrive(r.allow, r.request), 'info');
    case 'pipeline_answer':
      return ctx.notify(await ctx.answerPipeline(r.accept, r.request), 'info');
  }
}

/**
 * Who a plugin's, an improvement's or an untrusted project's Lua is, when one asked ("plugin
 * NAME"): the agents it starts are held apart (no web: server/web-control.ts). Undefined: yours.
 */
function luaStarter(asked: string | undefined): string | undefined {
  const p = principalOfOwner(asked);
  return p.kind === 'user' ? undefined : describePrincipal(p);
}

/** Requests in order: each one's action is done before the next starts. */
export async function applyRequests(
  ctx: RequestContext,
  requests: readonly Request[],
  from: RequestOrigin,
): Promise<void> {
  for (const r of requests) await applyRequest(ctx, r, from);
}

/** The host's facts resolving a request reads (hub/resolve-request.ts). */
function requestFacts(ctx: RequestContext): RequestFacts {
  return {
    state: ctx.store.state,
    review: () => {
      const rv = reviewTarget(ctx);
      return rv && { key: rv.key, lineCount: rv.lines.length, rows: rv.rows };
    },
    compare: () => {
      const cv = compareTarget(ctx);
      return cv && { max: cv.max };
    },
    page: () => pageSize(ctx),
    keyFor: (id) => keysFor(ctx.keymap.bindingsFor(ctx.store.state.client.mode), id)[0] ?? null,
    term: (id) => {
      const t = ctx.agents.get(id)?.terminal;
      return t ? { lineCount: t.lineCount, rows: t.rows, scrollbackLength: t.scrollbackLength } : null;
    },
    // The overlay tables' own commands do nothing from the palette: it does not offer them.
    paletteItems: () =>
      ctx.commands
        .list()
        .filter((c) => !OVERLAY_COMMANDS.has(c.id))
        .map((c) => ({ id: c.id, description: c.description })),
  };
}

/** app.quit while Lua is stopped: settings.on_quit still decides; "ask" asks with the palette. */
function quitWithoutLua(ctx: RequestContext, by: Answerer | undefined): Promise<void> | void {
  const how = ctx.settings().on_quit;
  if (how === 'stop') return ctx.quit();
  if (how === 'detach') return ctx.runner.runCommand('client.detach');
  const items = ['client.detach', 'app.stop'].map((id) => ({
    id,
    description: ctx.commands.get(id)?.description ?? '',
  }));
  ctx.store.dispatch({
    type: 'palette_open',
    title: 'Quit: detach or stop the agents?',
    items,
    action: { kind: 'command' },
    ...(by ? { by } : {}),
    from: 'app.quit',
  });
}

/** The handler a built-in command runs: its requests (commands/builtin-requests.ts), carried out. */
export function builtinHandler(
  requests: (arg: unknown) => readonly Request[],
): CommandHandler<RequestContext> {
  return (ctx, arg, depth = 0, improvement, by) =>
    applyRequests(ctx, requests(arg), {
      source: BUILTIN_SOURCE,
      depth,
      improvement,
      ...(by ? { by } : {}),
      run: (id, a) => ctx.runner.runCommand(id, a, BUILTIN_SOURCE, depth + 1, undefined, improvement, by),
    });
}
