import path from 'node:path';
import fs from 'node:fs';
import { LuaHost } from '../lua/lua-host.js';
import { BUILTIN_COMMANDS } from '../commands/builtin-commands.js';
import type { AppData, ConfigFile } from '../lua/runtime/config-file.js';
import { readConfigFiles, withoutUserFiles } from '../reload/config-files.js';
import { readLuaSource } from '../reload/read-lua-source.js';
import { keysMarkdown, keysText } from './keys-table.js';
import { PROJECT_DIR, TrustStore, projectFiles, projectHash, projectRootOf } from '../reload/projects.js';
import { displayPath } from '../reload/paths.js';

const SAMPLE_APP: AppData = {
  agents: [{ id: '1', name: 'sh', command: 'sh', cwd: '/', status: 'running', exit_code: null, title: '', scroll: 0 }],
  focused_id: '1',
  selected: 1,
  mode: 'insert',
  size: { width: 120, height: 40 },
  error: null,
};

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

/** `botster-tui check FILE...`: each file loaded after the shipped configuration, as the hub would. */
export async function runCheck(files: string[], home: string, out: (s: string) => void, lua?: LuaHost): Promise<number> {
  if (files.length === 0) {
    out('botster-tui check: name one or more Lua files');
    return 2;
  }
  const base = withoutUserFiles(readConfigFiles({ home }));
  const store = new TrustStore(home);
  let failed = false;
  await withLua(async (host) => {
    for (const file of files) {
      let source: string;
      try {
        source = readLuaSource(file);
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        out(e.code === 'EFTYPE' || e.code === 'EISDIR' ? e.message : `${file}: cannot read: ${e.code ?? e.message}`);
        failed = true;
        continue;
      }
      // A project's file (.botster/ of a repository) is checked where it loads: after your files.
      const root = path.basename(path.dirname(path.resolve(file))) === PROJECT_DIR ? path.dirname(path.dirname(path.resolve(file))) : null;
      const checked: ConfigFile = root ? { name: file, source, layer: 'project', project: root } : { name: file, source, layer: 'user' };
      const trust = root ? store.status(root, projectHash(root)) : null;
      try {
        // Every problem the file has (all bad key specs, props and widgets), not only the first.
        const res = await host.check([...base, checked], SAMPLE_APP);
        if (res.problems.length > 0 || !res.keymap) {
          for (const p of res.problems) out(p);
          failed = true;
          continue;
        }
        const mine = (source: string) => source === file || source.startsWith(`${file}:`);
        const bindings = res.keymap.bindings.filter((b) => mine(b.source));
        const commands = res.keymap.commands.filter((c) => mine(c.source));
        const hooks = res.keymap.hooks.filter((h) => mine(h.source));
        out(`${file}: ok${trust ? ` (project ${displayPath(root!)}: ${trust.trusted ? 'trusted, loads as your own file' : `${trust.changed ? 'changed since you trusted it' : 'not trusted'}: runs in the sandbox, its keys may bind only its own commands (project.trust)`})` : ''}`);
        for (const b of bindings) out(`  binding  ${b.mode}  ${b.spec}  ${b.action.kind === 'command' ? b.action.id : '<function>'}  ${b.desc}  (${b.source})`);
        for (const c of commands) out(`  command  ${c.id}  ${c.desc}  [${c.category}]  (${c.source})`);
        for (const h of hooks) out(`  hook     ${h.event}  ${h.name}  priority ${h.priority}  (${h.source})`);
        if (res.layoutFile === file) out('  layout   App:render (renders a valid tree)');
        if (bindings.length + commands.length + hooks.length === 0 && res.layoutFile !== file) out('  (registers nothing)');
      } catch (err) {
        out((err as Error).message);
        failed = true;
      }
    }
  }, lua);
  return failed ? 1 : 0;
}

/** `botster-tui keys`: the live bindings (shipped, the user's, and the project's of the folder it runs in), each not shipped with where it comes from. */
export async function runKeys(home: string, markdown: boolean, out: (s: string) => void, lua?: LuaHost, cwd = process.cwd()): Promise<number> {
  const root = await projectRootOf(cwd);
  const projects = root && projectFiles(root).lua.length ? [{ root, trusted: new TrustStore(home).status(root, projectHash(root)).trusted }] : [];
  return withLua(async (host) => {
    const res = await host.configure(readConfigFiles({ home, projects }), SAMPLE_APP);
    const wayOut = res.keymap.settings?.way_out;
    out(markdown ? keysMarkdown(res.keymap.bindings, wayOut) : keysText(res.keymap.bindings, wayOut, shippedSource));
    for (const p of projects) out(`\nproject ${displayPath(p.root)}/${PROJECT_DIR}: ${p.trusted ? 'trusted' : 'not trusted (its Lua runs in the sandbox; project.trust trusts it)'}`);
    return 0;
  }, lua);
}

/** Bindings from the package's own files (shown relative to it) need no origin; yours and projects' show theirs. */
const shippedSource = (source: string) => /^(lua|keybindings)\//.test(source);

export const displayName = (file: string) => path.relative(process.cwd(), file) || file;
