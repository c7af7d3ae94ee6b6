import path from 'node:path';
import type { CliMcp } from '../agents/cli-info.js';
import { shq } from './agent-path.js';

// Every agent knows the hub it runs in: a CLI whose Lua file says how it takes an MCP server for
// one launch (clis.define's `mcp`: a flag, a variable, a settings file) gets `botster-tui mcp` in
// that launch, in the same shim as its hooks (./cli-shims.ts), so no file of the user's is
// edited. The tools that only read are named in the CLI's own allow list where it has one for a
// launch; the others are asked as the CLI asks. settings.mcp = false writes no MCP wiring at all;
// BOTSTER_MCP=0 in an agent (a profile's mcp = false) leaves it out of that agent's launches.

/** The server's name in each CLI's configuration: its tools show as mcp__botster__agent_list and the like. */
export const MCP_NAME = 'botster';

/** The server a launch gets: the home's own launcher (this very node and package, as hooks use). */
export interface McpServer {
  command: string;
  args: string[];
  /**
   * The tools that read and change nothing, pre-allowed where a CLI has a per-launch allow list:
   * the verbs declared `looks` (their tools' readOnlyHint), handed in by the app (src/app/hub.ts),
   * as this room may not read src/verbs/. (snapshot is not among them: with keys it presses them
   * in the live hub.)
   */
  readTools: readonly string[];
}

export function mcpServer(home: string, readTools: readonly string[]): McpServer {
  return { command: path.join(home, 'bin', 'botster-tui'), args: ['mcp'], readTools };
}

/** A value of the CLI's `mcp` with the server filled in (`{mcp_server}`, `{mcp_command}`, `{mcp_args}`, `{read_tools}`). */
export function fillMcp(value: string, m: Pick<CliMcp, 'tool'>, server: McpServer): string {
  const tools = server.readTools.map((t) => (m.tool ?? '{tool}').replaceAll('{tool}', t)).join(',');
  return value
    .replaceAll('{mcp_server}', JSON.stringify({ command: server.command, args: server.args }))
    .replaceAll('{mcp_command}', JSON.stringify(server.command))
    .replaceAll('{mcp_args}', JSON.stringify(server.args))
    .replaceAll('{read_tools}', tools);
}

/**
 * The sh lines that add the server to this launch (`$@` the user's arguments), unless turned off
 * for this agent (BOTSTER_MCP=0) or the user's own argument or variable says to leave it out.
 * `fill` fills the hub's places that hooks share ({hooks}).
 */
export function mcpLines(m: CliMcp, server: McpServer, fill: (v: string) => string): string[] {
  const value = (v: string) => fill(fillMcp(v, m, server));
  const lines = ['mcp=1', 'if [ "${BOTSTER_MCP:-1}" = 0 ]; then mcp=; fi # turned off for this agent'];
  if (m.unless_args.length)
    lines.push(
      `for a in "$@"; do case "$a" in ${m.unless_args.map((a) => `${shq(a)}|${shq(a)}=*`).join('|')}) mcp= ;; esac; done # yours alone, as asked`,
    );
  for (const v of m.unless_env) lines.push(`if [ -n "\${${v}:-}" ]; then mcp=; fi # your ${v} stays`);
  lines.push('if [ -n "$mcp" ]; then');
  for (const [k, v] of Object.entries(m.env)) lines.push(`  ${k}=${shq(value(v))}; export ${k}`);
  if (m.args.length) lines.push(`  set -- ${m.args.map((a) => shq(value(a))).join(' ')} "$@"`);
  lines.push('fi');
  return lines;
}

/** The files the CLI's `mcp` names, filled in: name -> text. */
export function mcpFiles(m: CliMcp, server: McpServer, fill: (v: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(m.files).map(([n, t]) => [n, fill(fillMcp(t, m, server))]));
}
