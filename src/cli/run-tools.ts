import path from 'node:path';
import { LuaHost } from '../worker/lua-host.js';
import { BUILTIN_COMMANDS } from '../commands/builtin-commands.js';
import type { ConfigFile } from '../lua/runtime/config-file.js';
import { SAMPLE_APP } from '../lua/runtime/sample-app.js';
import type { PieceRender, PieceTrial } from '../lua/runtime/slot-pieces.js';
import { readConfigFiles, withoutUserFiles } from '../reload/config-files.js';
import { readLuaSource } from '../reload/read-lua-source.js';
import { keysMarkdown, keysText } from './keys-table.js';
import { keyCollisions } from '../lua/runtime/key-collisions.js';
import { PROJECT_DIR, projectFiles, projectHash, projectRootOf } from '../reload/projects.js';
import { TrustStore } from '../reload/trust-store.js';
import { displayPath } from '../reload/paths.js';

async function withLua<T>(fn: (lua: LuaHost) => Promise<T>, lua?: LuaHost): Promise<T> {
  const host = lua ?? new LuaHost();
  host.builtinCommands = BUILTIN_COMMANDS.map((c) => c.id);
  try {
    await host.start();
    return await fn(host);
  } finally {
    await host.dispose();
  }
}

/** `botster-tui check FILE...`: each file loaded after the shipped configuration, as the hub would; `render`: its pieces drawn on sample data. */
export async function runCheck(
  files: string[],
  home: string,
  out: (s: string) => void,
  lua?: LuaHost,
  opts: { render?: boolean; size?: { cols: number; rows: number } } = {},
): Promise<number> {
  if (files.length === 0) {
    out('botster-tui check: name one or more Lua files');
    return 2;
  }
  const base = withoutUserFiles(readConfigFiles({ home }));
  const size = opts.size ?? { cols: 120, rows: 40 };
  const store = new TrustStore(home);
  let failed = false;
  await withLua(async (host) => {
    for (const file of files) {
      let source: string;
      try {
        source = readLuaSource(file);
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        out(
          e.code === 'EFTYPE' || e.code === 'EISDIR'
            ? e.message
            : `${file}: cannot read: ${e.code ?? e.message}`,
        );
        failed = true;
        continue;
      }
      // A project's file (.botster/ of a repository) is checked where it loads: after your files.
      const root =
        path.basename(path.dirname(path.resolve(file))) === PROJECT_DIR
          ? path.dirname(path.dirname(path.resolve(file)))
          : null;
      const checked: ConfigFile = root
        ? { name: file, source, layer: 'project', project: root }
        : { name: file, source, layer: 'user' };
      const trust = root ? store.status(root, projectHash(root)) : null;
      try {
        // Every problem the file has (all bad key specs, props and widgets), not only the first.
        const app = opts.render
          ? { ...SAMPLE_APP, size: { width: size.cols, height: size.rows } }
          : SAMPLE_APP;
        const res = await host.check([...base, checked], app, opts.render ? file : undefined);
        if (res.problems.length > 0 || !res.keymap) {
          for (const p of res.problems) out(p);
          failed = true;
          continue;
        }
        const mine = (source: string) => source === file || source.startsWith(`${file}:`);
        const bindings = res.keymap.bindings.filter((b) => mine(b.source));
        const commands = res.keymap.commands.filter((c) => mine(c.source));
        const hooks = res.keymap.hooks.filter((h) => mine(h.source));
        const pieces = (res.keymap.pieces ?? []).filter((p) => mine(p.source));
        const routes = (res.keymap.routes ?? []).filter((r) => mine(r.source));
        out(
          `${file}: ok${trust ? ` (project ${displayPath(root!)}: ${trust.trusted ? 'trusted, loads as your own file' : `${trust.changed ? 'changed since you trusted it' : 'not trusted'}: runs in the sandbox, its keys may bind only its own commands (project.trust)`})` : ''}`,
        );
        for (const b of bindings)
          out(
            `  binding  ${b.mode}  ${b.spec}  ${b.action.kind === 'command' ? b.action.id : '<function>'}  ${b.desc}  (${b.source})`,
          );
        for (const c of commands) out(`  command  ${c.id}  ${c.desc}  [${c.category}]  (${c.source})`);
        for (const h of hooks) out(`  hook     ${h.event}  ${h.name}  priority ${h.priority}  (${h.source})`);
        for (const p of pieces) out(`  piece    ${p.slot}  ${p.name}  order ${p.order}  (${p.source})`);
        for (const r of routes) out(`  route    ${r.method.padEnd(4)}  ${r.path}  (${r.source})`);
        if (res.layoutFile === file) out('  layout   App:render (renders a valid tree)');
        const count = bindings.length + commands.length + hooks.length + pieces.length + routes.length;
        if (count === 0 && res.layoutFile !== file) out('  (registers nothing)');
        if (res.rendered && !(await printRender(res.rendered, out, size))) failed = true;
      } catch (err) {
        out((err as Error).message);
        failed = true;
      }
    }
  }, lua);
  return failed ? 1 : 0;
}

/**
 * `check --render`: each piece of the file run on sample data (what it shows, per agent for
 * per-agent slots), then the frame with them; false when a piece fails or does not fit its slot.
 */
async function printRender(
  res: PieceRender,
  out: (s: string) => void,
  size: { cols: number; rows: number },
): Promise<boolean> {
  const names = new Map(SAMPLE_APP.agents.map((a) => [a.id, `${a.id} ${a.name}`]));
  let ok = true;
  out(`render on sample data (${SAMPLE_APP.agents.map((a) => `${a.name} ${a.state}`).join(', ')}):`);
  if (res.pieces.length === 0) out('  (no pieces)');
  for (const p of res.pieces) {
    const unit = p.kind === 'text' ? 'cells' : 'rows';
    const fits = p.size !== null && p.size <= p.limit;
    ok &&= fits && !p.error;
    out(
      `  ${p.slot}  ${p.name}: ${p.error ? `error: ${p.error}` : `${p.size ?? 'all the'} ${unit} of ${p.limit}${fits ? '' : ' (too large for the slot)'}`}`,
    );
    for (const o of p.outputs) out(`    ${o.agent ? `${names.get(o.agent)}: ` : ''}${shown(o)}`);
  }
  if (!res.tree) {
    out(res.error ?? 'the layout did not render');
    return false;
  }
  const { treeText } = await import('./tree-text.js');
  out(treeText(res.tree, size.cols, size.rows));
  return ok;
}

function shown(o: PieceTrial['outputs'][number]): string {
  if (Array.isArray(o.text))
    return JSON.stringify((o.text as Array<{ text: string }>).map((s) => s.text).join(''));
  if (o.widget) return '(a widget)';
  return '(nothing)';
}

/** `botster-tui keys`: the live bindings (shipped, the user's, and the project's of the folder it runs in), each not shipped with where it comes from. */
export async function runKeys(
  home: string,
  markdown: boolean,
  out: (s: string) => void,
  lua?: LuaHost,
  cwd = process.cwd(),
): Promise<number> {
  const root = await projectRootOf(cwd);
  const projects =
    root && projectFiles(root).lua.length
      ? [{ root, trusted: new TrustStore(home).status(root, projectHash(root)).trusted }]
      : [];
  return withLua(async (host) => {
    const res = await host.configure(readConfigFiles({ home, projects }), SAMPLE_APP);
    const wayOut = res.keymap.settings?.way_out;
    out(
      markdown
        ? keysMarkdown(res.keymap.bindings, wayOut)
        : keysText(res.keymap.bindings, wayOut, shippedSource),
    );
    // Keys two files bind (plugins, improvements, yours): the later one wins, the other is unreachable.
    const hidden = keyCollisions(res.keymap.bindings, shippedSource);
    if (hidden.length)
      out(`\nkeys bound twice (the later one wins):\n${hidden.map((h) => `  ${h}`).join('\n')}`);
    for (const p of projects)
      out(
        `\nproject ${displayPath(p.root)}/${PROJECT_DIR}: ${p.trusted ? 'trusted' : 'not trusted (its Lua runs in the sandbox; project.trust trusts it)'}`,
      );
    return 0;
  }, lua);
}

/** Bindings from the package's own files (shown relative to it) need no origin; yours and projects' show theirs. */
const shippedSource = (source: string) => /^(lua|keybindings)\//.test(source);

export const displayName = (file: string) => path.relative(process.cwd(), file) || file;
