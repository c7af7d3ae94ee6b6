// `botster-tui mcp`: an MCP server over stdio for the agent CLI that starts it (docs/mcp.md). Its
// tools are the hub's verbs (./verb-tools.ts, made from their declarations); each call is one
// request on the home's socket, so the hub knows the caller as the kernel tells it (the agent
// whose process this is) and holds it to the socket's rules. Nothing is loaded into the hub for it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { controlRequest, resolveSocketPath } from '../wire/control-client.js';
import { HUB_PROMPTS } from './prompts.js';
import { hubResources } from './resources.js';
import { serveMcp, type ToolResult } from './server.js';
import { VERB_TOOLS } from './verb-tools.js';

/** The install this runs from (dist/bundle/ or dist/mcp/ are both two folders down). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** How long a call may take: `wait` as long as it asked for, the rest a minute (a worktree to make). */
function timeoutOf(name: string, args: Record<string, unknown>): number {
  if (name !== 'wait') return 60_000;
  const asked = args.timeout_ms;
  return typeof asked === 'number' && asked >= 0 ? asked + 5_000 : 30 * 60_000;
}

/** The reply's fields, or why not, in the words the CLI prints. */
export async function callVerb(
  socket: string,
  name: string,
  args: Record<string, unknown>,
): Promise<ToolResult> {
  try {
    // A call that asks the user first waits as long as the user takes: the agent's CLI shows the
    // tool running meanwhile, and the answer, when it comes, is the call's (not lost to a timeout).
    const reply = await controlRequest(
      socket,
      { ...args, op: name },
      { timeoutMs: timeoutOf(name, args), onWaiting: () => {} },
    );
    if (reply.ok !== true) return { error: String(reply.error ?? 'the hub refused it') };
    const { ok: _ok, id: _id, v: _v, ...answer } = reply;
    return { answer };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

function version(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return '0.0.0';
  }
}

/** Runs the server until the agent's CLI closes stdin; `argv`: `[--home H]`. */
export async function runMcp(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const at = argv.indexOf('--home');
  const home = at >= 0 ? argv[at + 1] : undefined;
  if (at >= 0 && !home) {
    process.stderr.write('botster-tui mcp: --home needs a folder\n');
    return 2;
  }
  const homeDir = home ?? env.BOTSTER_HOME ?? path.join(os.homedir(), '.botster');
  const socket = resolveSocketPath(home ? { ...env, BOTSTER_SOCKET: undefined } : env, homeDir);
  const launcher = path.join(ROOT, 'bin', 'botster-tui');
  await serveMcp({
    version: version(),
    instructions:
      'You run inside a botster-tui hub (a terminal hub of coding agents whose face and behaviour is Lua). ' +
      'These tools are its verbs: list agents and their states, start and drive agents you may, read ' +
      'screens, push an improvement (Lua) and see its decision, and press keys in the live hub to check ' +
      'it (snapshot). The prompt improve-this-hub walks the loop; the resources hold the Lua API.',
    tools: VERB_TOOLS,
    call: (name, args) => callVerb(socket, name, args),
    resources: hubResources(ROOT, launcher, home),
    prompts: HUB_PROMPTS,
  });
  return 0;
}
