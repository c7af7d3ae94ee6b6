import os from 'node:os';
import path from 'node:path';

// What `botster-tui hooks claude|codex|gemini` installs: the hooks that make each CLI report its
// state to the hub it runs in. Every command does nothing outside a hub agent: the shell test
// skips it without starting node, and `--if-in-hub` makes `report` exit 0 quietly when the hub is
// gone (a hook that fails shows in the CLI, and a Claude PreToolUse hook that exits 2 blocks the tool).

export type HookCli = 'claude' | 'codex' | 'gemini';
export const HOOK_CLIS: HookCli[] = ['claude', 'codex', 'gemini'];

/** The agent's own botster-tui (the hub puts it first on PATH; a shell rc may not keep it there). */
const REPORT = '"$BOTSTER_HOME/bin/botster-tui" report --if-in-hub';
const IN_HUB = '[ -z "$BOTSTER_AGENT_ID" ] ||';

/** A hook command line for a CLI that runs hooks in a shell with the event's JSON on stdin. */
export const hookCommand = (state: string): string => `${IN_HUB} ${REPORT} --stdin --state ${state}`;

/** Finds our hooks among the user's (any version of them, to update in place). */
export const OURS = /botster-tui"? report\b/;

export interface JsonHook {
  event: string;
  matcher?: string;
  state: string;
  /** Why, for the reader of --help and docs/agent-states.md. */
  why: string;
}

// Each hook costs the CLI a node start (~0.2 s) before it goes on: no PostToolUse/AfterTool (after
// an approval the next tool call, the turn's end or the screen's spinner says running soon enough).

/** Claude Code (settings.json "hooks"; a hook's `timeout` is in seconds). */
export const CLAUDE_HOOKS: JsonHook[] = [
  { event: 'SessionStart', state: 'idle', why: 'records the session id' },
  { event: 'UserPromptSubmit', state: 'running', why: 'you sent a prompt' },
  { event: 'PreToolUse', matcher: '*', state: 'running', why: 'runs a tool (the reason names it)' },
  // Not idle_prompt ("Claude is waiting for your input" after a minute at its prompt): it asks nothing.
  {
    event: 'Notification',
    matcher: 'permission_prompt|elicitation_dialog',
    state: 'waiting',
    why: 'asks you (the reason is its message)',
  },
  { event: 'Stop', state: 'done', why: 'finished its turn' },
];

/** Gemini CLI (settings.json "hooks"; a hook's `timeout` is in milliseconds). */
export const GEMINI_HOOKS: JsonHook[] = [
  { event: 'SessionStart', state: 'idle', why: 'records the session id' },
  { event: 'BeforeAgent', state: 'running', why: 'you sent a prompt' },
  { event: 'BeforeTool', matcher: '*', state: 'running', why: 'runs a tool (the reason names it)' },
  { event: 'Notification', state: 'waiting', why: 'asks for a tool permission (the reason is its message)' },
  { event: 'AfterAgent', state: 'done', why: 'finished its turn' },
];

/** Codex runs `notify` with its JSON appended as the last argument ($1 of the sh -c script). */
export const CODEX_NOTIFY = ['sh', '-c', `${IN_HUB} exec ${REPORT} "$@"`, 'botster-tui-notify'];

export function hookEntry(cli: 'claude' | 'gemini', h: JsonHook): Record<string, unknown> {
  const hook =
    cli === 'claude'
      ? { type: 'command', command: hookCommand(h.state), timeout: 5 }
      : { name: `botster-report-${h.event}`, type: 'command', command: hookCommand(h.state), timeout: 5000 };
  return { ...(h.matcher !== undefined ? { matcher: h.matcher } : {}), hooks: [hook] };
}

/** The settings.json fragment for Claude Code or Gemini CLI. */
export function jsonSnippet(cli: 'claude' | 'gemini'): { hooks: Record<string, unknown[]> } {
  const list = cli === 'claude' ? CLAUDE_HOOKS : GEMINI_HOOKS;
  return { hooks: Object.fromEntries(list.map((h) => [h.event, [hookEntry(cli, h)]])) };
}

/** The notify line for Codex's config.toml (TOML basic strings escape as JSON's do). */
export const codexNotifyLine = (): string =>
  `notify = [${CODEX_NOTIFY.map((s) => JSON.stringify(s)).join(', ')}]`;

/** The config file each CLI reads, where it reads it (each honours its own variable). */
export function configFile(cli: HookCli, env: NodeJS.ProcessEnv): string {
  const home = env.HOME || os.homedir();
  if (cli === 'claude')
    return path.join(env.CLAUDE_CONFIG_DIR || path.join(home, '.claude'), 'settings.json');
  if (cli === 'codex') return path.join(env.CODEX_HOME || path.join(home, '.codex'), 'config.toml');
  return path.join(env.GEMINI_CLI_HOME || home, '.gemini', 'settings.json');
}
