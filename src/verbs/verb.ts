// A verb: one thing a client asks the hub to do (focus, send, kill, new, ...), in one file with one
// table line (./table.ts). It says who may ask besides the user (closed by default), checks its
// arguments, and answers: its result, or a ControlError whose `reason` says why it was refused.
// The socket, `--ssh`, the browser and Lua (app:verb, ./call.ts) find verbs in the table; none
// reads a notice to learn an outcome.
import type { Asker, Principal } from '../hub/principal.js';
import type { LuaOrigin } from '../hub/state.js';
import type { ControlAnswer, ControlContext, ControlRequest } from '../wire/control-request.js';
import type { ControlDeps } from './ports.js';
import type { ArgsOf, VerbArgs } from './args.js';
import type { Answer, Shape } from './shape.js';

/** What a verb knows of its call besides the request: who asks, and when the asker hung up. */
export interface VerbCall extends ControlContext {
  /** Who asks, as the kernel tells it (asked when first needed: it costs a short process). */
  who(): Promise<Principal>;
  /** Runs another verb as this caller would (a link's requests). */
  again(req: ControlRequest, ctx: ControlContext): Promise<ControlAnswer>;
  /**
   * The sandboxed Lua ("plugin NAME") whose program asks (its process.run, by the kernel's word),
   * when one does: what it starts is that Lua's (no web), as what it starts from Lua is.
   */
  lua?(): Promise<string | undefined>;
  /**
   * When Lua asks (app:NAME, app:call, a key bound to a verb): whose Lua and who is at the keys, so
   * the request the verb makes is judged as that Lua's own request is (commands/apply-request.ts):
   * one rule whichever form Lua used.
   */
  luaOrigin?: LuaOrigin;
}

export interface Verb {
  /** The op on the socket, and the CLI command of the same name. */
  name: string;
  /** One line for docs/protocol.md and `--help`. */
  summary: string;
  /** How it is refused (`reason`s, for docs/protocol.md's table). */
  refusals?: string;
  /**
   * Who besides the user may ask: its row of the one who-may table (hub/who-may.ts; absent or
   * empty: the user alone). Set by the verbs' table (./table.ts), never in a verb's file.
   */
  may?: readonly Asker[];
  /**
   * It acts on the agent `req.agent` names (`"type into"`, `"stop"`...): an agent that asks may
   * only for itself, the agents it started, or once you let it (verbs/drive.ts).
   */
  drives?: string;
  /**
   * It may wait long: for the hub to be idle (focus, run, snapshot), for an agent (wait), or for
   * someone's answer. Asked for by a key or Lua (commands/verb-door.ts), it is no work in flight
   * the hub's idleness waits for (it would wait for itself); any other verb is.
   */
  waits?: true;
  /**
   * Not an MCP tool (src/mcp/verb-tools.ts): an act of your keys on your own terminal or hub, or
   * your answer to what waits for you, which no agent's model has a use for.
   */
  mcp?: false;
  /** Whether `botster-tui NAME --ssh HOST` carries it to another machine's hub. */
  ssh?: boolean;
  /**
   * `botster-tui NAME` asks for it: its words, flags and `--help` come from this declaration
   * (src/cli/verb-cli.ts, made by npm run docs:protocol); src/cli/help/help-fleet.ts may say more.
   */
  command?: true;
  /**
   * It only looks: nothing in the hub changes for it (an MCP client may run it without asking you:
   * its tool's readOnlyHint, docs/mcp.md).
   */
  looks?: true;
  /**
   * Its arguments, checked before `act` by the one checker every caller's request goes through
   * (./args.ts): a field not listed is refused. They give its schema, CLI flags and doc line too.
   */
  args: VerbArgs;
  /** What it answers (`ok: true`'s fields; a stream's first line): its type and its schema (./shape.ts). */
  answer: Shape;
  /** It answers a stream of lines on its connection (events, link): the socket's alone, not Lua's. */
  stream?: boolean;
  act(deps: ControlDeps, req: ControlRequest, call: VerbCall): ControlAnswer | Promise<ControlAnswer>;
}

/** An object's shape: what every verb answers (the fields of its reply). */
type FieldsShape = Extract<Shape, { type: 'object' }>;

/**
 * A verb whose `act` returns what its `answer` declares (tsc checks it: no cast); a stream's `act`
 * returns the stream, whose first line the answer describes.
 */
export function defineVerb<S extends FieldsShape, const A extends VerbArgs>(
  v: Omit<Verb, 'answer' | 'act' | 'args' | 'may'> & {
    args: A;
    answer: S;
    act(
      deps: ControlDeps,
      req: NoInfer<ControlRequest & ArgsOf<A>>,
      call: VerbCall,
    ): NoInfer<Answer<S> | Promise<Answer<S>>>;
  },
): Verb {
  // (`req` is what checkArgs let through: Verb.args are checked before act, every caller alike;
  // what an object's shape declares is an object, the fields of the reply, which tsc cannot see
  // through the shape's type left open here.)
  return { ...v, act: v.act as Verb['act'] };
}
