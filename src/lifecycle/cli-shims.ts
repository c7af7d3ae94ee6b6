import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { codexNotifyLine, jsonSnippet } from '../client/hook-snippets.js';
import { shq, writeIfChanged } from './agent-path.js';

// The agent says it first: Claude Code, Codex and Gemini CLI report their own state to the hub
// (docs/agent-states.md) without the user editing their config files. The hub writes a shim for
// each into $BOTSTER_HOME/bin, first on every agent's PATH, so `claude` typed into a shell agent
// goes through it as an agent started as `claude` does: it runs the real CLI (the next one on
// PATH) with the hub's hooks added for this launch only. A user's own file is never written; when
// it already reports to the hub (`botster-tui hooks CLI`), or holds what this launch would
// override (Codex's `notify`, a Gemini system settings file), the shim adds nothing.

/** The hub's hooks in a settings file as written (JSON escapes the quote: botster-tui\" report). */
const REPORTS = `'botster-tui[\\"]* report'`;

/** What a shim adds to one CLI's launch (sh: `$real` is the real CLI, `$@` the user's arguments). */
interface Wiring {
  cli: string;
  /** Files the hooks live in (under $BOTSTER_HOME/hooks), by name. */
  files?: Record<string, string>;
  /** sh lines: `exec "$real" "$@"` leaves this launch as it is; the last line wires it. */
  body: (hooks: string) => string[];
  /** Why this home cannot wire it (the shim then runs the CLI as it is), or null. */
  cannot?: (hooks: string) => string | null;
}

/** A folder, or one above it, that others may write (Gemini CLI refuses settings files below one). */
function writableByOthers(dir: string): string | null {
  for (let d = dir; ; d = path.dirname(d)) {
    if ((fs.statSync(d).mode & 0o022) !== 0) return d;
    if (path.dirname(d) === d) return null;
  }
}

/** Runs the real CLI untouched when `test` (an sh condition) holds. */
const unless = (test: string, why: string): string => `if ${test}; then exec "$real" "$@"; fi # ${why}`;

/**
 * OpenCode's plugin (an ES module it loads per launch): its bus events, as reports, one at a time
 * and in order (each report is a process; two at once could arrive out of order).
 */
const OPENCODE_PLUGIN = String.raw`// Written by botster-tui at hub start: OpenCode tells the hub what it is doing (docs/agent-states.md).
import { spawn } from "node:child_process";
const bin = process.env.BOTSTER_HOME + "/bin/botster-tui";
let queue = Promise.resolve();
let last = "";
function report(args) {
  queue = queue.then(() => new Promise((done) => {
    try {
      const child = spawn(bin, ["report", "--if-in-hub", ...args], { stdio: "ignore" });
      child.on("error", () => done());
      child.on("exit", () => done());
    } catch {
      done();
    }
  }));
}
const line = (s) => (String(s ?? "").split("\n").find((l) => l.trim() !== "") ?? "").slice(0, 200);
export const BotsterHub = async () => ({
  event: async ({ event }) => {
    if (!process.env.BOTSTER_AGENT_ID) return;
    const p = event.properties ?? {};
    const sid = p.sessionID ?? p.info?.id ?? "";
    let args = null;
    if (event.type === "session.created") args = ["--state", "idle"];
    else if (event.type === "session.status" && p.status?.type === "busy") args = ["--state", "running"];
    else if (event.type === "session.idle" || (event.type === "session.status" && p.status?.type === "idle"))
      args = ["--state", "done"];
    else if (event.type === "permission.asked")
      args = ["--state", "waiting", "--reason", line((p.permission ?? "permission") + ": " + (p.patterns ?? []).join(" "))];
    else if (event.type === "question.asked")
      args = ["--state", "waiting", "--reason", line(p.questions?.[0]?.question ?? p.question ?? "a question")];
    else if (/^(permission|question)\.(replied|rejected)$/.test(event.type)) args = ["--state", "running"];
    if (!args) return;
    if (sid) args.push("--session", sid);
    // OpenCode repeats a status: one report each.
    const key = args.join(" ");
    if (key === last) return;
    last = key;
    report(args);
  },
});
`;

const WIRINGS: Wiring[] = [
  {
    cli: 'claude',
    files: { 'claude-settings.json': `${JSON.stringify(jsonSnippet('claude'), null, 2)}\n` },
    body: (hooks) => [
      // Its own commands take no --settings; they ask nothing of the hub anyway.
      'case "$1" in mcp|config|doctor|update|install|setup-token|migrate-installer|plugin|-v|--version|-h|--help) exec "$real" "$@" ;; esac',
      // A --settings of the user's would replace ours (the last one wins): theirs alone, as asked.
      'for a in "$@"; do case "$a" in --settings|--settings=*) exec "$real" "$@" ;; esac; done',
      'user=${CLAUDE_CONFIG_DIR:-$HOME/.claude}/settings.json',
      unless(`[ -f "$user" ] && grep -Eq ${REPORTS} "$user"`, 'your settings report already'),
      // --settings adds to yours (hooks of both run).
      `exec "$real" --settings ${shq(path.join(hooks, 'claude-settings.json'))} "$@"`,
    ],
  },
  {
    cli: 'codex',
    body: () => [
      'case "$1" in -V|--version|-h|--help) exec "$real" "$@" ;; esac',
      'user=${CODEX_HOME:-$HOME/.codex}/config.toml',
      // -c notify would replace a notify program of yours (ours included): yours stays.
      unless(`[ -f "$user" ] && grep -Eq '^[[:space:]]*notify[[:space:]]*=' "$user"`, 'your notify stays'),
      `exec "$real" -c ${shq(codexNotifyLine().replace(/ = /, '='))} "$@"`,
    ],
  },
  {
    cli: 'gemini',
    files: { 'gemini-system-settings.json': `${JSON.stringify(jsonSnippet('gemini'), null, 2)}\n` },
    body: (hooks) => [
      // Its system settings file is the one it reads besides yours (hook lists add up): one of
      // yours already there is kept, and this launch goes unwired.
      unless(
        '[ -n "${GEMINI_CLI_SYSTEM_SETTINGS_PATH:-}" ] || [ -f /etc/gemini-cli/settings.json ]',
        'your system settings stay',
      ),
      'user=${GEMINI_CLI_HOME:-$HOME}/.gemini/settings.json',
      unless(`[ -f "$user" ] && grep -Eq ${REPORTS} "$user"`, 'your settings report already'),
      `GEMINI_CLI_SYSTEM_SETTINGS_PATH=${shq(path.join(hooks, 'gemini-system-settings.json'))}`,
      'export GEMINI_CLI_SYSTEM_SETTINGS_PATH',
      'exec "$real" "$@"',
    ],
    cannot: (hooks) => {
      const open = writableByOthers(hooks);
      return open ? `Gemini CLI skips a settings file below ${open} (others may write there)` : null;
    },
  },
  {
    cli: 'opencode',
    files: { 'opencode-plugin.js': OPENCODE_PLUGIN },
    body: (hooks) => [
      'case "$1" in -v|--version|-h|--help|upgrade|uninstall|auth|models) exec "$real" "$@" ;; esac',
      // Its inline configuration adds to yours (plugins of both load); one of yours set already stays.
      unless('[ -n "${OPENCODE_CONFIG_CONTENT:-}" ]', 'your inline configuration stays'),
      `OPENCODE_CONFIG_CONTENT=${shq(JSON.stringify({ plugin: [pathToFileURL(path.join(hooks, 'opencode-plugin.js')).href] }))}`,
      'export OPENCODE_CONFIG_CONTENT',
      'exec "$real" "$@"',
    ],
  },
];

/** The CLIs a shim is written for. */
export const SHIMMED_CLIS = WIRINGS.map((w) => w.cli);

/** One shim: find the real CLI past our folder on PATH, then wire this launch (inside a hub agent only). */
function shim(w: Wiring, binDir: string, hooks: string): string {
  const cannot = w.cannot?.(hooks) ?? null;
  return [
    '#!/bin/sh',
    `# Written by botster-tui at hub start: ${w.cli} with the hub's hooks added for this launch`,
    '# (your files are not touched). BOTSTER_HOOKS=0 runs it as it is. See docs/agent-states.md.',
    `self=${shq(binDir)}`,
    'real=',
    'set -f; old_ifs=$IFS; IFS=:',
    'for d in $PATH; do',
    '  [ -n "$d" ] || continue',
    '  [ "$(cd "$d" 2>/dev/null && pwd -P)" = "$self" ] && continue',
    `  if [ -f "$d/${w.cli}" ] && [ -x "$d/${w.cli}" ]; then real=$d/${w.cli}; break; fi`,
    'done',
    'IFS=$old_ifs; set +f',
    `[ -n "$real" ] || { echo "${w.cli}: command not found (botster-tui's shim in $self found no other ${w.cli} on PATH)" >&2; exit 127; }`,
    unless(
      '[ -z "${BOTSTER_AGENT_ID:-}" ] || [ "${BOTSTER_HOOKS:-1}" = 0 ]',
      'not a hub agent, or turned off',
    ),
    // A CLI that a wired CLI runs (claude -p from Claude's Bash tool, codex exec from OpenCode) is
    // not the agent: its reports would take the agent's state and session.
    'if [ -n "${BOTSTER_WIRED:-}" ]; then unset BOTSTER_AGENT_ID; exec "$real" "$@"; fi',
    `BOTSTER_WIRED=${w.cli}; export BOTSTER_WIRED`,
    ...(cannot ? [`exec "$real" "$@" # not wired: ${cannot}`] : w.body(hooks)),
    '',
  ].join('\n');
}

/**
 * Writes the shims (into `binDir`, the agents' first PATH folder) and the hook files they point
 * at (into `$home/hooks`). Throws when they cannot be written.
 */
export function installCliShims(home: string, binDir: string): void {
  const hooks = path.join(home, 'hooks');
  fs.mkdirSync(hooks, { recursive: true, mode: 0o755 });
  const self = fs.realpathSync(binDir);
  for (const w of WIRINGS) {
    for (const [name, body] of Object.entries(w.files ?? {}))
      writeIfChanged(path.join(hooks, name), body, 0o644);
    writeIfChanged(path.join(binDir, w.cli), shim(w, self, hooks), 0o755);
  }
}
