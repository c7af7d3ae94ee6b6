import type { HookSettings, MessageHook, SettingsHook } from './cli-info.js';

// The hooks that make a CLI report its state to the hub it runs in: the command line each hook
// runs, and the settings file of a Claude-style CLI (which events, from its Lua file: clis.define's
// `hooks`). Every command does nothing outside a hub agent: the shell test skips it without
// starting node, and `--if-in-hub` makes `report` exit 0 quietly when the hub is gone (a hook that
// fails shows in the CLI, and a Claude PreToolUse hook that exits 2 blocks the tool).

/** The agent's own botster-tui (the hub puts it first on PATH; a shell rc may not keep it there). */
const REPORT = '"$BOTSTER_HOME/bin/botster-tui" report --if-in-hub';
const IN_HUB = '[ -z "$BOTSTER_AGENT_ID" ] ||';

/** A hook command line for a CLI that runs hooks in a shell with the event's JSON on stdin. */
export const hookCommand = (state: string): string => `${IN_HUB} ${REPORT} --stdin --state ${state}`;

/** Finds our hooks among the user's (any version of them, to update in place). */
export const OURS = /botster-tui"? report\b/;

/** A notify program (Codex's `notify`) run with the event's JSON as its last argument ($1 of the sh -c script). */
export const NOTIFY_ARGV = ['sh', '-c', `${IN_HUB} exec ${REPORT} "$@"`, 'botster-tui-notify'];

/** NOTIFY_ARGV as a TOML (and JSON) list: TOML basic strings escape as JSON's do. */
export const notifyList = (): string => `[${NOTIFY_ARGV.map((s) => JSON.stringify(s)).join(', ')}]`;

/** One entry of a settings file's "hooks" (claude: timeout in seconds; gemini: in ms, with a name). */
export function hookEntry(style: HookSettings['style'], h: SettingsHook): Record<string, unknown> {
  const hook =
    style === 'claude'
      ? { type: 'command', command: hookCommand(h.state), timeout: 5 }
      : { name: `botster-report-${h.event}`, type: 'command', command: hookCommand(h.state), timeout: 5000 };
  return { ...(h.matcher !== undefined ? { matcher: h.matcher } : {}), hooks: [hook] };
}

/**
 * The hook that hands a message to another session to the hub (src/cli/agent-side/message-hook.ts): it may
 * wait while the hub asks you whether the sender may, so it gets longer than a report.
 */
export function messageEntry(m: MessageHook): Record<string, unknown> {
  const command = `${IN_HUB} "$BOTSTER_HOME/bin/botster-tui" message-hook --config "${m.config}"`;
  return { matcher: m.matcher, hooks: [{ type: 'command', command, timeout: 120 }] };
}

/**
 * The hook that hands a permission question to the hub's rules (src/cli/agent-side/permission-hook.ts):
 * the hub answers from Lua at once, but a reload may hold it a moment.
 */
export function permissionEntry(p: { matcher: string }): Record<string, unknown> {
  const command = `${IN_HUB} "$BOTSTER_HOME/bin/botster-tui" permission-hook`;
  return { matcher: p.matcher, hooks: [{ type: 'command', command, timeout: 30 }] };
}

/** Each event's hook groups: the state reports, the messages' hook beside PreToolUse's, the permission questions'. */
function hookGroups(s: HookSettings): Record<string, unknown[]> {
  const groups: Record<string, unknown[]> = {};
  for (const h of s.events) (groups[h.event] ??= []).push(hookEntry(s.style, h));
  if (s.messages && s.style === 'claude') (groups.PreToolUse ??= []).push(messageEntry(s.messages));
  if (s.permissions && s.style === 'claude')
    (groups.PermissionRequest ??= []).push(permissionEntry(s.permissions));
  return groups;
}

/** The settings.json fragment with the hub's hooks (and the file's other settings for the launch). */
export function settingsSnippet(s: HookSettings): { hooks: Record<string, unknown[]>; statusLine?: unknown } {
  return {
    ...s.extra,
    hooks: hookGroups(s),
    // The status line reports the usage it is handed, then runs the user's own (src/cli/agent-side/statusline.ts).
    ...(s.status_line
      ? {
          statusLine: {
            type: 'command',
            command: `"$BOTSTER_HOME/bin/botster-tui" statusline ${s.status_line}`,
            padding: 0,
          },
        }
      : {}),
  };
}
