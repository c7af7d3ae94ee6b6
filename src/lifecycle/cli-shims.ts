import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { shimNames, type CliHooks, type CliInfo } from '../agents/cli-info.js';
import { hookCommand, notifyList, settingsSnippet } from '../agents/hook-snippets.js';
import { shq, writeIfChanged } from './agent-path.js';
import { mcpFiles, mcpLines, type McpServer } from './mcp-wiring.js';

// The agent says it first: a CLI whose Lua file says how its own hooks are wired for one launch
// (clis.define's `hooks`) reports its state to the hub (docs/agent-states.md) without the user
// editing their config files. The hub writes a shim for it into $BOTSTER_HOME/bin, first on every
// agent's PATH, so `claude` typed into a shell agent goes through it as an agent started as
// `claude` does: it runs the real CLI (the next one on PATH) with the hub's hooks added for this
// launch only. A user's own file is never written; when it already reports to the hub (`botster-tui
// hooks CLI --install`), or holds what this launch would override, the shim adds nothing.

/** The hub's hooks in a settings file as written (JSON escapes the quote: botster-tui\" report). */
const REPORTS = `'botster-tui[\\"]* report'`;
/** The first line of every shim: how the hub knows which files in bin/ are its shims. */
const MARK = '# Written by botster-tui at hub start:';

/** A folder, or one above it, that others may write (some CLIs refuse settings files below one). */
function writableByOthers(dir: string): string | null {
  for (let d = dir; ; d = path.dirname(d)) {
    if ((fs.statSync(d).mode & 0o022) !== 0) return d;
    if (path.dirname(d) === d) return null;
  }
}

/** Leaves the hub's hooks out of this launch when `test` (an sh condition) holds. */
const unless = (test: string, why: string): string => `if ${test}; then hooked=; fi # ${why}`;

/** A value of the Lua file with the hub's places filled in (`{hooks}`, `{hooks_url}`, `{notify}`). */
function fill(value: string, hooks: string): string {
  return value
    .replaceAll('{hooks_url}', pathToFileURL(hooks).href)
    .replaceAll('{hooks}', hooks)
    .replaceAll('{notify}', notifyList());
}

/** A hook file's text with the hub's hook command filled in: `{report_json:STATE}` is it as a JSON string. */
const fillFile = (text: string): string =>
  text.replace(/\{report_json:(running|waiting|idle|done)\}/g, (_, state: string) =>
    JSON.stringify(hookCommand(state)),
  );

/** A user's path as sh reads it: its ${VAR:-default} words expand, the rest is quoted. */
const shPath = (p: string): string => `"${p.replace(/["`\\]/g, '\\$&')}"`;

/**
 * The sh lines that run a release older than `since` as it is (its wiring came later: Copilot
 * before 1.0.11 stops at an unknown --plugin-dir). The release is the one its npm package says
 * (the package.json beside the resolved binary, when it names one of the CLI's packages); a
 * binary whose release the shim cannot read that way is wired as always.
 */
function olderRelease(since: string, packages: readonly string[]): string[] {
  if (!packages.length) return [];
  const names = packages.map((p) => p.replace(/[.[\]()*+?{}|^$\\]/g, '\\$&')).join('|');
  return [
    'pkg=$(readlink -f "$real" 2>/dev/null) && pkg=${pkg%/*}/package.json',
    `if [ -f "$pkg" ] && grep -Eq ${shq(`"name"[[:space:]]*:[[:space:]]*"(${names})"`)} "$pkg"; then`,
    String.raw`  v=$(sed -n 's/^[[:space:]]*"version"[[:space:]]*:[[:space:]]*"\([0-9][0-9.]*\).*/\1/p' "$pkg" | head -n 1)`,
    `  rel=$v; min=${since}; older=`,
    '  while [ -n "$v" ] && [ -n "$rel$min" ]; do',
    '    a=${rel%%.*}; b=${min%%.*}',
    '    if [ "${a:-0}" -lt "${b:-0}" ]; then older=1; break; fi',
    '    if [ "${a:-0}" -gt "${b:-0}" ]; then break; fi',
    '    case $rel in *.*) rel=${rel#*.} ;; *) rel= ;; esac',
    '    case $min in *.*) min=${min#*.} ;; *) min= ;; esac',
    '  done',
    `  if [ -n "$older" ]; then exec "$real" "$@"; fi # its release is older than ${since}: the wiring came later`,
    'fi',
  ];
}

/** The sh lines that leave the hooks out of this launch (`hooked=`) when the user's own wiring stays. */
function hookTests(h: CliHooks): string[] {
  const lines = ['hooked=1'];
  if (h.unless_args.length)
    lines.push(
      `for a in "$@"; do case "$a" in ${h.unless_args.map((a) => `${shq(a)}|${shq(a)}=*`).join('|')}) hooked= ;; esac; done # yours alone, as asked`,
    );
  for (const v of h.unless_env) lines.push(unless(`[ -n "\${${v}:-}" ]`, `your ${v} stays`));
  for (const f of h.unless_files) lines.push(unless(`[ -f ${shPath(f)} ]`, 'your file stays'));
  if (h.unless_file_has) {
    const { file, pattern } = h.unless_file_has;
    lines.push(unless(`[ -f ${shPath(file)} ] && grep -Eq ${shq(pattern)} ${shPath(file)}`, 'yours stays'));
  }
  if (h.settings?.user_file) {
    const f = shPath(h.settings.user_file);
    lines.push(unless(`[ -f ${f} ] && grep -Eq ${REPORTS} ${f}`, 'your settings report already'));
  }
  return lines;
}

/**
 * The sh lines that wire one launch (`$real` is the real CLI, `$@` the user's arguments): the
 * hooks and the hub's MCP server (`mcp`, when the configuration has it on), each left out on its
 * own terms; the user's tests are read before anything is added to `$@`.
 */
function body(c: CliInfo, hooks: string, mcp?: McpServer): string[] {
  const h = c.hooks;
  const m = mcp && c.mcp;
  const lines: string[] = [];
  if (h?.since) lines.push(...olderRelease(h.since, c.packages));
  const own = [...new Set([...(h?.own_commands ?? []), ...(m ? m.own_commands : [])])];
  if (own.length)
    lines.push(
      `case "$1" in ${own.map(shq).join('|')}) exec "$real" "$@" ;; esac # its own commands ask nothing of the hub`,
    );
  if (h) lines.push(...hookTests(h));
  if (m && mcp) lines.push(...mcpLines(m, mcp, (v) => fill(v, hooks)));
  if (h) {
    lines.push('if [ -n "$hooked" ]; then');
    for (const [k, v] of Object.entries(h.env)) lines.push(`  ${k}=${shq(fill(v, hooks))}; export ${k}`);
    if (h.args.length) lines.push(`  set -- ${h.args.map((a) => shq(fill(a, hooks))).join(' ')} "$@"`);
    lines.push('fi');
  }
  lines.push('exec "$real" "$@"');
  return lines;
}

/** One shim: find the real CLI past our folder on PATH, then wire this launch (inside a hub agent only). */
function shim(c: CliInfo, name: string, binDir: string, hooks: string, mcp?: McpServer): string {
  const open = c.hooks?.private_dir ? writableByOthers(hooks) : null;
  const what = [c.hooks ? "the hub's hooks" : '', mcp && c.mcp ? "the hub's MCP server" : '']
    .filter(Boolean)
    .join(' and ');
  return [
    '#!/bin/sh',
    `${MARK} ${name} (${c.title}, ${c.source}) with ${what}`,
    '# added for this launch (your files are not touched). BOTSTER_HOOKS=0 runs it as it is, BOTSTER_MCP=0',
    '# leaves the MCP server out. See docs/agent-states.md and docs/mcp.md.',
    `self=${shq(binDir)}`,
    'real=',
    'set -f; old_ifs=$IFS; IFS=:',
    'for d in $PATH; do',
    '  [ -n "$d" ] || continue',
    '  [ "$(cd "$d" 2>/dev/null && pwd -P)" = "$self" ] && continue',
    `  if [ -f "$d/${name}" ] && [ -x "$d/${name}" ]; then real=$d/${name}; break; fi`,
    'done',
    'IFS=$old_ifs; set +f',
    `[ -n "$real" ] || { echo "${name}: command not found (botster-tui's shim in $self found no other ${name} on PATH)" >&2; exit 127; }`,
    'if [ -z "${BOTSTER_AGENT_ID:-}" ] || [ "${BOTSTER_HOOKS:-1}" = 0 ]; then exec "$real" "$@"; fi # not a hub agent, or turned off',
    // A CLI that a wired CLI runs (claude -p from Claude's Bash tool, codex exec from OpenCode) is
    // not the agent: its reports would take the agent's state and session.
    'if [ -n "${BOTSTER_WIRED:-}" ]; then unset BOTSTER_AGENT_ID; exec "$real" "$@"; fi',
    `BOTSTER_WIRED=${name}; export BOTSTER_WIRED`,
    ...(open
      ? [
          `exec "$real" "$@" # not wired: ${c.title} skips a settings file below ${open} (others may write there)`,
        ]
      : body(c, hooks, mcp)),
    '',
  ].join('\n');
}

/**
 * Is this file in bin/ one of our shims (and not the user's or botster-tui itself)? Only its head
 * is read: bin/ also holds the agents' `tmux`, the native client (~1 MB linked statically), which
 * every configuration's check read whole on the way to the first frame.
 */
function isShim(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(512);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return head.toString('utf8', 0, n).split('\n', 2)[1]?.startsWith(MARK) === true;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Writes a shim (into `binDir`, the agents' first PATH folder) for every CLI whose file wires its
 * hooks or, with `mcp` (settings.mcp on), takes the hub's MCP server, and the files they point at
 * (into `$home/hooks`); removes the shims of CLIs no longer wired. Returns the names shimmed.
 * Throws when they cannot be written.
 */
export function installCliShims(
  home: string,
  binDir: string,
  clis: readonly CliInfo[],
  mcp?: McpServer,
): string[] {
  const hooks = path.join(home, 'hooks');
  fs.mkdirSync(hooks, { recursive: true, mode: 0o755 });
  const self = fs.realpathSync(binDir);
  const written = new Set<string>();
  for (const c of clis) {
    const h = c.hooks;
    if (!h && !(mcp && c.mcp)) continue;
    if (mcp && c.mcp)
      for (const [name, text] of Object.entries(mcpFiles(c.mcp, mcp, (v) => fill(v, hooks))))
        writeIfChanged(path.join(hooks, name), text, 0o644);
    if (h?.settings)
      writeIfChanged(
        path.join(hooks, h.settings.file),
        `${JSON.stringify(settingsSnippet(h.settings), null, 2)}\n`,
        0o644,
      );
    for (const [name, text] of Object.entries(h?.files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(hooks, name)), { recursive: true, mode: 0o755 });
      writeIfChanged(path.join(hooks, name), fillFile(text), 0o644);
    }
    for (const name of shimNames(c)) {
      if (written.has(name) || name === 'botster-tui') continue;
      writeIfChanged(path.join(binDir, name), shim(c, name, self, hooks, mcp), 0o755);
      written.add(name);
    }
  }
  for (const name of fs.readdirSync(binDir))
    if (!written.has(name) && name !== 'botster-tui' && isShim(path.join(binDir, name)))
      fs.rmSync(path.join(binDir, name), { force: true });
  return [...written];
}
