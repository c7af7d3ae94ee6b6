import { AsyncLocalStorage } from 'node:async_hooks';
import { LuaStalledError, type LuaRun } from '../worker/lua-host.js';
import { quotedAgents } from '../hub/quoted-agents.js';
import { applyRequest, applyRequests } from './apply-request.js';
import { type HookRequests, type LuaRequest } from '../hub/requests.js';
import { fromLua } from '../hub/requests-from-lua.js';
import type { CommandHandler, CommandInfo } from './registry.js';
import { BUILTIN_SOURCE } from './builtin-commands.js';
import type { Answerer, ChooseAction } from '../hub/state.js';
import type { RequestContext, RunnerDeps } from './ports.js';
import type { Binding } from '../keys/keymap.js';
import type { Configuration } from '../hub/configuration.js';
import { REQUIRED_ARGS } from './builtin-commands.js';
import { outcomeOf, reportRefusal, type RunOutcome } from './run-outcome.js';

/** How deep commands may run commands (a Lua command running itself through another ends here). */
const MAX_COMMAND_DEPTH = 8;

/**
 * The agents whose text the Lua that ran a command (app:run) was given, and those its argument
 * names: what that command says or opens quotes them too (RequestOrigin's `about`).
 */
const quoting = new AsyncLocalStorage<readonly string[]>();

/** Runs commands (built-in or Lua) and Lua key functions, and turns what Lua asked for into actions. */
export class HubRunner {
  private saveTimer: NodeJS.Timeout | null = null;
  /** The improvement whose chain is dispatching right now (see within). */
  private chain: string | undefined;
  constructor(private readonly deps: RunnerDeps) {}

  /** A command or Lua call failed: said on screen, and so told to the attempt it is part of (deps.notify). */
  private failed(message: string): void {
    this.deps.notify(message);
  }

  /** An agent was refused a request: said on screen, and told to the attempt it is part of as a refusal. */
  refuse(message: string): void {
    reportRefusal(message);
    this.failed(message);
  }

  /**
   * Runs `fn` and answers the errors the commands and Lua calls it started said, and which of them
   * were refusals: theirs only, never another source's said meanwhile (the socket's `run` reads
   * this typed answer, not the notice).
   */
  attempt(fn: (answered: () => Promise<void>) => Promise<void>): Promise<RunOutcome> {
    return outcomeOf(fn);
  }

  /** Whether Lua can run a command now (not paused after a runaway call, not restarting). */
  luaUsable(): boolean {
    return this.deps.lua.ready && this.deps.clock.now() >= this.deps.store.state.lua.pausedUntil;
  }

  /**
   * Runs a command by id: the newest registration wins (a Lua override of a built-in included);
   * while Lua cannot run, the built-in answers. `by`: who is at the keys (absent: nobody, so a
   * dialog it opens waits as a question).
   */
  async runCommand(
    id: string,
    arg?: unknown,
    source = 'palette',
    depth = 0,
    below?: CommandInfo,
    improvement = this.chain,
    by?: Answerer,
  ): Promise<void> {
    try {
      if (depth > MAX_COMMAND_DEPTH)
        throw new Error(`command ${id}: commands ran commands more than ${MAX_COMMAND_DEPTH} deep (a loop?)`);
      const luaUp = this.luaUsable();
      // An override that runs its own id runs the registration it shadows (the built-in, say).
      const stack = this.deps.commands.stack(id);
      const shadowed = below ? stack.slice(stack.findIndex((c) => c.source === below.source) + 1) : stack;
      const handler = this.deps.commands.pick(
        id,
        (c) => (luaUp || c.source === BUILTIN_SOURCE) && shadowed.includes(c),
      );
      await handler(this.deps.context, arg, depth, improvement, by);
    } catch (err) {
      this.failed(`${source}: ${(err as Error).message}`);
    }
  }

  /** The handler a Lua command is registered with (reload/hub-config.ts): this runner runs it in the worker. */
  /**
   * A configuration went live: its commands replace the last configuration's, over the built-ins:
   * the trusted files first, then each improvement, so an improvement's registration is the newest.
   */
  configured(config: Configuration): void {
    const { commands, store } = this.deps;
    commands.retain((info) => info.source === BUILTIN_SOURCE);
    for (const c of config.keymap.commands) {
      try {
        const info = { id: c.id, description: c.desc, category: c.category, source: c.source };
        commands.register(info, this.luaCommand(info, c.owner));
      } catch (err) {
        store.dispatch({ type: 'config_error', error: `${c.source}: ${(err as Error).message}` });
      }
    }
  }

  luaCommand(info: CommandInfo, owner: string | undefined): CommandHandler<RequestContext> {
    return (_ctx, arg, depth, improvement, by) =>
      this.runLuaCommand(info, owner, arg, depth ?? 0, improvement, by);
  }

  async runLuaCommand(
    info: CommandInfo,
    owner: string | undefined,
    arg: unknown,
    depth: number,
    improvement?: string,
    by?: Answerer,
  ): Promise<void> {
    this.scheduleStateSave();
    let run: LuaRun;
    const generation = this.deps.lua.generation;
    const rev = this.deps.dispatches.rev;
    try {
      // Nested commands (run by other commands) leave the frame to the outermost one.
      run = await this.deps.lua.runCommand(info.id, this.deps.store.state, arg, owner, depth === 0);
    } catch (err) {
      this.failed((err as Error).message);
      // Lua had to be stopped: the built-in below (if any) still does what the key is for.
      if (err instanceof LuaStalledError) {
        this.deps.store.dispatch({ type: 'lua_stalled', now: this.deps.clock.now() });
        if (this.deps.commands.stack(info.id).some((c) => c.source === BUILTIN_SOURCE))
          await this.deps.commands.run(
            info.id,
            this.deps.context,
            arg,
            (c) => c.source === BUILTIN_SOURCE,
            depth,
            improvement,
            by,
          );
      }
      return;
    }
    await this.apply(run.requests, info.source, depth + 1, info, owner, run.now, improvement ?? owner, by);
    this.offer(run, generation, rev);
  }

  /**
   * What a key is bound to: a Lua function, a command by id, or a verb (its command, its face, when
   * one has its name; else the verb itself, its arguments the binding's). The user is at the keys.
   */
  runBinding(binding: Binding): Promise<void> {
    const action = binding.action;
    if (action.kind !== 'function' && action.verb && !this.deps.commands.has(action.id))
      return this.runVerb(action.id, action.arg, binding.source);
    if (action.kind !== 'function')
      return this.runCommand(action.id, action.arg, binding.source, 0, undefined, undefined, 'user');
    return this.runLua(
      (render) =>
        this.deps.lua.invokeBinding(
          binding.mode,
          binding.keys.join(' '),
          this.deps.store.state,
          action.owner,
          render,
        ),
      binding.source,
      action.owner,
      undefined,
      undefined,
      'user',
    );
  }

  /** Verb `name` asked at the keys with `args` ("focused" for `agent`: the agent shown), as a key's. */
  private runVerb(name: string, args: unknown, source: string): Promise<void> {
    const given = args !== null && typeof args === 'object' && !Array.isArray(args) ? args : {};
    return applyRequests(
      this.deps.context,
      [{ type: 'verb', name, args: { ...(given as Record<string, unknown>) }, as: name }],
      {
        source,
        depth: 0,
        by: 'user',
        run: (id, arg) => this.runCommand(id, arg, source, 1, undefined, undefined, 'user'),
      },
    );
  }

  /** A Lua function bound to a key (`render`: the worker renders the frame it causes, see offerTree). */
  async runLua(
    call: (render: boolean) => Promise<LuaRun>,
    source: string,
    owner?: string,
    running?: CommandInfo,
    improvement?: string,
    by?: Answerer,
    about?: readonly string[],
  ): Promise<void> {
    this.scheduleStateSave();
    const generation = this.deps.lua.generation;
    const rev = this.deps.dispatches.rev;
    let run: LuaRun;
    try {
      run = await call(true);
    } catch (err) {
      this.failed((err as Error).message);
      return;
    }
    await this.apply(run.requests, source, 1, running, owner, run.now, improvement ?? owner, by, about);
    this.offer(run, generation, rev);
  }

  /** The tree the worker drew with the command, for the state its intents lead to from the one at `rev`. */
  private offer(run: LuaRun, generation: number, rev: number): void {
    if (run.tree && run.intents && run.now !== undefined)
      this.deps.offerTree({ tree: run.tree, generation, rev, intents: run.intents, now: run.now });
  }

  /** What hook handlers asked for (app:* in a handler), each in the Lua state that asked; nobody is at the keys. */
  async applyRequests(requests: HookRequests[], source: string, about?: readonly string[]): Promise<void> {
    this.scheduleStateSave();
    for (const r of requests)
      await this.apply(
        r.requests,
        source,
        1,
        undefined,
        r.owner,
        undefined,
        r.owner ?? undefined,
        undefined,
        about,
      );
  }

  /** What Lua's app:* asked for (hub/requests.ts), checked and carried out in order; `running` is the command that asked, `now` when it asked. */
  private async apply(
    requests: LuaRequest[],
    source: string,
    depth: number,
    running?: CommandInfo,
    owner?: string,
    now?: number,
    improvement?: string,
    by?: Answerer,
    given?: readonly string[],
  ): Promise<void> {
    const inherited = quoting.getStore();
    const about = inherited?.length ? [...new Set([...(given ?? []), ...inherited])] : given;
    const known = (id: string) => id in this.deps.store.state.facts.agents;
    const run = (id: string, arg: unknown) =>
      quoting.run(quotedAgents(arg, known, about), () =>
        this.runCommand(id, arg, source, depth, running?.id === id ? running : undefined, improvement, by),
      );
    const command = running ? { id: running.id, source: running.source } : undefined;
    for (const e of Array.isArray(requests) ? requests : []) {
      const r = fromLua(e);
      if (r)
        await applyRequest(this.deps.context, r, {
          source,
          depth,
          owner,
          run,
          now,
          command,
          improvement,
          ...(by ? { by } : {}),
          ...(about?.length ? { about } : {}),
        });
    }
  }

  /**
   * Runs `dispatch` (synchronous up to its first await) as part of an improvement's chain: a command
   * or dialog answer the reducer's effects start meanwhile (palette.submit, say) is part of it.
   */
  within<T>(improvement: string, dispatch: () => T): T {
    const outer = this.chain;
    this.chain = improvement;
    try {
      return dispatch();
    } finally {
      this.chain = outer;
    }
  }

  /** What choosing in a palette-like overlay does; `by`: who answered (a dialog it opens is theirs). */
  async choose(
    a: ChooseAction,
    value: string | null,
    arg?: string,
    improvement = this.chain,
    by?: Answerer,
  ): Promise<void> {
    if (a.kind === 'lua') {
      const answer = value === null ? null : a.input ? value : Number(value);
      // The callback is part of the command that opened the dialog: running that command's own id
      // from it reaches the registration it shadows, as from the command's body.
      const opener = a.command
        ? this.deps.commands.stack(a.command.id).find((c) => c.source === a.command!.source)
        : undefined;
      return this.runLua(
        (render) => this.deps.lua.resolveDialog(a.ref, answer, this.deps.store.state, a.owner, render),
        'dialog',
        a.owner,
        opener,
        improvement,
        by,
        // Its callback was given what the dialog quoted.
        a.about,
      );
    }
    if (value === null) return;
    const asArg = (v: string) => (/^\d+$/.test(v) ? Number(v) : v);
    if (a.kind === 'command') {
      // A command that needs an argument asks for it instead of failing.
      const ask = REQUIRED_ARGS[value];
      if (arg === undefined && ask)
        return this.deps.store.dispatch({
          type: 'palette_open',
          title: `${value}: ${ask}`,
          items: [],
          prompt: true,
          action: { kind: 'command_arg', id: value },
          ...(by ? { by } : {}),
          from: 'palette',
        });
      return this.runCommand(
        value,
        arg === undefined ? undefined : asArg(arg),
        'palette',
        0,
        undefined,
        improvement,
        by,
      );
    }
    if (a.kind === 'command_arg') {
      if (value.trim() === '')
        return this.deps.notify(
          `${a.id} needs ${REQUIRED_ARGS[a.id] ?? 'an argument'}: nothing done`,
          'info',
        );
      return this.runCommand(a.id, asArg(value.trim()), 'palette', 0, undefined, improvement, by);
    }
  }

  /** Saves persisted state namespaces a moment after Lua code ran (one timer, only then). */
  scheduleStateSave(): void {
    if (this.saveTimer || this.deps.disposed()) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      void this.saveState();
    }, 1000);
  }

  async saveState(): Promise<void> {
    try {
      const ns = await this.deps.lua.persistedNamespaces();
      for (const err of this.deps.stateStore.save(ns)) this.deps.notify(err);
    } catch (err) {
      this.deps.log('error', `saving state: ${(err as Error).message}`);
    }
  }

  /** On dispose: the pending save now, and no timer left. */
  async flushStateSave(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    await this.saveState();
  }
}
