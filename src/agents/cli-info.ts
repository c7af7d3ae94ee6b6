// What the hub knows of one agent CLI, as its Lua file says it (lua/core/clis.lua): data only.
// The detection, resume and answers stay in Lua; the hub uses the names, the packages that install
// the CLI and how its own hooks and the hub's MCP server are wired for one launch (cli-shims.ts
// writes that as a shim).

/** One hook in a Claude-style settings file: the event, and the state it reports. */
export interface SettingsHook {
  event: string;
  matcher?: string;
  state: string;
  /** Why, for the reader of `botster-tui hooks` and docs/agent-states.md. */
  why?: string;
}

/**
 * A hook that hands the CLI's messages to other sessions to the hub (Claude Code's SendMessage:
 * src/cli/agent-side/message-hook.ts): the tool's matcher, and the CLI's config folder (its sessions and teams).
 */
export interface MessageHook {
  matcher: string;
  config: string;
}

/** A settings file with the hub's hooks, written into $BOTSTER_HOME/hooks for the shim to name. */
export interface HookSettings {
  file: string;
  /** claude: a hook's timeout in seconds; gemini: in milliseconds, and each hook has a name. */
  style: 'claude' | 'gemini';
  events: SettingsHook[];
  /** The user's own settings file (sh words: ${VAR:-default}): when it reports already, the launch stays as it is. */
  user_file?: string;
  /** Other settings of the launch, beside the hooks (claude: teammateMode, so teams are the hub's agents). */
  extra?: Record<string, unknown>;
  /**
   * The CLI's status line goes through the hub (`botster-tui statusline NAME`): the usage it is
   * handed is reported, then the user's own status line runs (claude: its `statusLine`).
   */
  status_line?: string;
  /** Its messages to other sessions go through the hub first (docs/teams.md). */
  messages?: MessageHook;
  /**
   * Its permission questions go to the hub's rules first (claude: the PermissionRequest hook for
   * the tools `matcher` names; docs/permissions.md).
   */
  permissions?: { matcher: string };
}

/** How a shim wires one launch. In values `{hooks}` is $BOTSTER_HOME/hooks, `{hooks_url}` its file URL, `{notify}` a notify argv (JSON). */
export interface CliHooks {
  settings?: HookSettings;
  /** Files written into $BOTSTER_HOME/hooks: name -> text. */
  files: Record<string, string>;
  /** Added before the user's arguments. */
  args: string[];
  /** Set for this launch. */
  env: Record<string, string>;
  /** A first argument that runs the CLI as it is (its own subcommands, --version). */
  own_commands: string[];
  /** An argument of the user's (`--x` or `--x=...`) that makes this launch go as it is. */
  unless_args: string[];
  /** A variable of the user's that makes this launch go as it is. */
  unless_env: string[];
  /** A file (sh words) whose presence makes this launch go as it is. */
  unless_files: string[];
  /** A file (sh words) with a line matching an extended regex makes this launch go as it is. */
  unless_file_has?: { file: string; pattern: string };
  /** The CLI ignores settings below a folder others may write: no wiring from such a home. */
  private_dir: boolean;
  /** The oldest release the wiring works with (an older one, read from its npm package, runs as it is). */
  since?: string;
  /** What `botster-tui hooks CLI --install` sets in the user's TOML config instead (`{notify}` filled in). */
  user_toml?: { file: string; key: string; value: string };
}

/**
 * How the CLI takes the hub's MCP server (`botster-tui mcp`) for one launch, written into the same
 * shim as its hooks. In values `{mcp_server}` is the server as a JSON object ({"command", "args"}),
 * `{mcp_command}` the launcher as a JSON/TOML string, `{mcp_args}` its arguments as a JSON/TOML list, `{read_tools}` the read-only tools named as
 * `tool` says, joined by ","; `{hooks}` as for hooks.
 */
export interface CliMcp {
  args: string[];
  env: Record<string, string>;
  /** Files written into $BOTSTER_HOME/hooks: name -> text. */
  files: Record<string, string>;
  /** How its allow list names one tool ("mcp__botster__{tool}"). */
  tool?: string;
  /** A first argument that runs the CLI as it is (its own subcommands, --version). */
  own_commands: string[];
  /** An argument of the user's that leaves the server out of this launch. */
  unless_args: string[];
  /** A variable of the user's that leaves the server out of this launch. */
  unless_env: string[];
}

export interface CliInfo {
  name: string;
  title: string;
  /** Program name globs it runs as. */
  programs: string[];
  /** The word that starts it (a shim is written for it, and for every plain-word program). */
  command: string;
  /** Packages whose binary it is: `npx @openai/codex` runs codex. */
  packages: string[];
  version?: string;
  hooks?: CliHooks;
  mcp?: CliMcp;
  detects: boolean;
  /** Its rules differ by release (clis.define's `versions`): the hub reads the running binary's. */
  versioned?: boolean;
  resumes: boolean;
  /** Where it was defined (`lua/default/clis/codex.lua:30`). */
  source: string;
  /** Where it keeps a session's transcript (sh words, `*` within a folder, `{session}` the id its hooks report): search reads them. */
  transcripts: string[];
}

// An empty Lua table arrives as an object: lists and maps are made sure of here.
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
const record = (v: unknown): Record<string, string> =>
  v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : {};

function messagesOf(v: unknown): { messages?: MessageHook } {
  const m = v as { matcher?: unknown; config?: unknown } | undefined;
  return m && typeof m.matcher === 'string' && typeof m.config === 'string'
    ? { messages: { matcher: m.matcher, config: m.config } }
    : {};
}

function permissionsOf(v: unknown): { permissions?: { matcher: string } } {
  const p = v as { matcher?: unknown } | undefined;
  return p && typeof p.matcher === 'string' ? { permissions: { matcher: p.matcher } } : {};
}

function hooksOf(v: unknown): CliHooks | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const h = v as Record<string, unknown>;
  const s = h.settings as Record<string, unknown> | undefined;
  const has = h.unless_file_has as { file?: unknown; pattern?: unknown } | undefined;
  const toml = h.user_toml as { file?: unknown; key?: unknown; value?: unknown } | undefined;
  return {
    ...(s && typeof s.file === 'string'
      ? {
          settings: {
            file: s.file,
            style: s.style === 'gemini' ? 'gemini' : 'claude',
            events: (Array.isArray(s.events) ? s.events : []) as SettingsHook[],
            ...(typeof s.user_file === 'string' ? { user_file: s.user_file } : {}),
            ...(s.extra && typeof s.extra === 'object' && !Array.isArray(s.extra)
              ? { extra: s.extra as Record<string, unknown> }
              : {}),
            ...(typeof s.status_line === 'string' && /^[\w-]+$/.test(s.status_line)
              ? { status_line: s.status_line }
              : {}),
            ...messagesOf(s.messages),
            ...permissionsOf(s.permissions),
          },
        }
      : {}),
    files: record(h.files),
    args: strings(h.args),
    env: record(h.env),
    own_commands: strings(h.own_commands),
    unless_args: strings(h.unless_args),
    unless_env: strings(h.unless_env),
    unless_files: strings(h.unless_files),
    ...(has && typeof has.file === 'string' && typeof has.pattern === 'string'
      ? { unless_file_has: { file: has.file, pattern: has.pattern } }
      : {}),
    private_dir: h.private_dir === true,
    ...(typeof h.since === 'string' && /^\d+[.\d]*$/.test(h.since) ? { since: h.since } : {}),
    ...(toml &&
    typeof toml.file === 'string' &&
    typeof toml.key === 'string' &&
    typeof toml.value === 'string'
      ? { user_toml: { file: toml.file, key: toml.key, value: toml.value } }
      : {}),
  };
}

function mcpOf(v: unknown): CliMcp | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const m = v as Record<string, unknown>;
  return {
    args: strings(m.args),
    env: record(m.env),
    files: record(m.files),
    ...(typeof m.tool === 'string' ? { tool: m.tool } : {}),
    own_commands: strings(m.own_commands),
    unless_args: strings(m.unless_args),
    unless_env: strings(m.unless_env),
  };
}

/** The CLIs of an export, made sure of (a malformed entry is left out). */
export function clisOf(raw: unknown): CliInfo[] {
  if (!Array.isArray(raw)) return [];
  const out: CliInfo[] = [];
  for (const r of raw as Array<Record<string, unknown>>) {
    if (!r || typeof r.name !== 'string' || typeof r.command !== 'string') continue;
    const hooks = hooksOf(r.hooks);
    const mcp = mcpOf(r.mcp);
    out.push({
      name: r.name,
      title: typeof r.title === 'string' ? r.title : r.name,
      programs: strings(r.programs),
      command: r.command,
      packages: strings(r.packages),
      ...(typeof r.version === 'string' ? { version: r.version } : {}),
      ...(hooks ? { hooks } : {}),
      ...(mcp ? { mcp } : {}),
      detects: r.detects === true,
      ...(r.versioned === true ? { versioned: true } : {}),
      resumes: r.resumes === true,
      source: typeof r.source === 'string' ? r.source : '?',
      transcripts: strings(r.transcripts).filter((t) => t.includes('{session}')),
    });
  }
  return out;
}

/** Plain-word program names (no glob): the names a shim can be written for. */
export function shimNames(c: CliInfo): string[] {
  const names = [c.command, ...c.programs.filter((p) => /^[\w.-]+$/.test(p))];
  return [...new Set(names)].filter((n) => /^[\w.-]+$/.test(n));
}

/**
 * A path written with sh words (`${CLAUDE_CONFIG_DIR:-$HOME/.claude}/settings.json`), expanded as
 * sh would in `env`: `${VAR:-default}`, `${VAR}`, `$VAR` and a leading `~`.
 */
export function expandPath(word: string, env: NodeJS.ProcessEnv, home: string): string {
  const get = (name: string) => (name === 'HOME' ? env.HOME || home : env[name]);
  const once = (s: string): string =>
    s
      .replace(/\$\{(\w+):-([^{}]*)\}/g, (_, n: string, d: string) => get(n) || once(d))
      .replace(
        /\$\{(\w+)\}|\$(\w+)/g,
        (_, a: string | undefined, b: string | undefined) => get(a ?? b ?? '') ?? '',
      );
  return once(word.replace(/^~(?=\/|$)/, '$HOME'));
}
