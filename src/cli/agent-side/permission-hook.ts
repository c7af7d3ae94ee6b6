import { controlRequest } from '../../wire/control-client.js';
import { readHookStdin } from './hook-input.js';
import { obj, type Json } from './cli-json.js';
import type { ServerTarget } from '../agent-commands.js';

// `botster-tui permission-hook`: Claude Code's PermissionRequest hook in a hub launch (its
// --settings names it: src/agents/hook-snippets.ts), run when Claude is about to ask you before a
// tool. It hands the question to the hub (the `permission.ask` verb, as the agent whose process it
// is: the kernel says so), whose rules in Lua answer: allow (the tool runs, no dialog), deny (the
// tool is refused and Claude's model reads why) or ask (nothing said: Claude's own dialog shows).
// No hub, a hub that does not answer: nothing said, so Claude asks as it would without the hub.

/** The hub answers from Lua at once; a stalled worker is given a while, then Claude asks you. */
const askMs = (env: NodeJS.ProcessEnv) => Number(env.BOTSTER_PERMISSION_HOOK_TIMEOUT_MS ?? 20_000);
/** A field of a tool's input, as the rules read it (a file's whole content is not a question). */
const MAX_FIELD = 64 * 1024;

export interface PermissionHookIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
  /** Claude's JSON, where another process read it (a native client's); else `stdin` is read. */
  readStdin?: () => Promise<string>;
  out: (s: string) => void;
}

/** The tool's input as the verb takes it: each field as text (JSON for what is not a string). */
export function inputFields(input: Json): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined || v === null) continue;
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    out[k] = text.length > MAX_FIELD ? text.slice(0, MAX_FIELD) : text;
  }
  return out;
}

/** Claude's answer JSON for a decision (PermissionRequest: decision.behavior allow or deny). */
export function decisionJson(decision: 'allow' | 'deny', message?: string): string {
  const d = decision === 'allow' ? { behavior: 'allow' } : { behavior: 'deny', message };
  return `${JSON.stringify({ hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: d } })}\n`;
}

/** Exits 0 whatever happens: a hook that fails would show in Claude, and a hook's answer is the hub's. */
export async function runPermissionHook(t: ServerTarget, io: PermissionHookIo): Promise<number> {
  let input: Json;
  try {
    input = obj(JSON.parse(io.readStdin ? await io.readStdin() : await readHookStdin(io.stdin, 2000)));
  } catch {
    return 0; // not Claude's JSON: nothing to ask
  }
  const tool = input.tool_name;
  if (!io.env.BOTSTER_AGENT_ID || typeof tool !== 'string' || tool === '') return 0;
  let answer: Json;
  try {
    answer = obj(
      await controlRequest(
        t.socket,
        {
          op: 'permission.ask',
          tool,
          input: inputFields(obj(input.tool_input)),
          ...(typeof input.cwd === 'string' && input.cwd ? { cwd: input.cwd } : {}),
        },
        { timeoutMs: askMs(io.env) },
      ),
    );
  } catch {
    return 0; // no hub to ask
  }
  if (answer.ok !== true) return 0;
  const rule = typeof answer.rule === 'string' ? ` (rule "${answer.rule}")` : '';
  if (answer.decision === 'allow') io.out(decisionJson('allow'));
  else if (answer.decision === 'deny')
    io.out(
      decisionJson(
        'deny',
        `The user's permission rules in the hub denied this${rule}: ${String(answer.reason)}`,
      ),
    );
  return 0;
}
