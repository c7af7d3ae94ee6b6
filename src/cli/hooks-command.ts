import type { CliInfo } from '../agents/cli-info.js';
import { expandPath } from '../agents/cli-info.js';
import { ConfigFileError } from './config-write.js';
import { notifyList, settingsSnippet } from '../agents/hook-snippets.js';
import { installSettings, installTomlKey, type InstallResult } from './hooks-install.js';
import type { Out } from './terminal-out.js';

// `botster-tui hooks [CLI] [--install]`: how each CLI of this home (lua/default/clis/ and yours)
// reports to the hub. The hub wires a CLI's hooks for each launch by itself (its shim); this
// prints what it adds (stdout: only the snippet, to paste or pipe; where it goes on stderr), or
// merges it into the CLI's own config for launches that do not go through the hub's shim.

/** How a CLI's own reports reach the hub, in a line. */
function wiring(c: CliInfo): string {
  const h = c.hooks;
  if (!h) return 'no hooks: its screen only';
  const place = (v: string) =>
    v
      .replaceAll('{hooks_url}', 'file://$BOTSTER_HOME/hooks')
      .replaceAll('{hooks}', '$BOTSTER_HOME/hooks')
      .replaceAll('{notify}', '[botster-tui report]');
  const how = [...h.args.map(place), ...Object.keys(h.env).map((k) => `${k}=...`)].join(' ');
  const events = h.settings
    ? ` (${h.settings.events.map((e) => `${e.event} -> ${e.state}`).join(', ')})`
    : '';
  return `per launch: ${how || 'its shim'}${events}`;
}

export function runHooks(
  args: string[],
  install: boolean,
  clis: readonly CliInfo[],
  env: NodeJS.ProcessEnv,
  home: string,
  out: Out,
  err: Out,
): number {
  const [name, ...rest] = args;
  const wired = clis.filter((c) => c.hooks?.settings?.user_file || c.hooks?.user_toml);
  const usage = `botster-tui hooks [${wired.map((c) => c.name).join('|')}] [--install]`;
  if (name === undefined) {
    if (install) {
      err(`name the CLI: ${usage}`);
      return 2;
    }
    for (const c of clis) out(`${c.name.padEnd(14)} ${wiring(c)}`);
    err(
      'the hub adds these to each launch inside a hub agent by itself: nothing to install (docs/agent-states.md)',
    );
    return 0;
  }
  const c = clis.find((x) => x.name === name);
  if (rest.length > 0 || !c) {
    err(`hooks: ${rest.length ? `unexpected argument "${rest[0]}"` : `no CLI named "${name}"`} (${usage})`);
    return 2;
  }
  const h = c.hooks;
  const settings = h?.settings?.user_file ? h.settings : undefined;
  const toml = h?.user_toml;
  if (!settings && !toml) {
    err(`hooks: ${c.name} has no hooks to install in its own config (${wiring(c)})`);
    return 2;
  }
  const file = expandPath(settings ? settings.user_file! : toml!.file, env, home);
  const tomlLine = toml ? `${toml.key} = ${toml.value.replaceAll('{notify}', notifyList())}` : '';
  if (!install) {
    // (the status line is the launch's alone: in your own settings it would stand in for yours)
    out(
      settings ? JSON.stringify(settingsSnippet({ ...settings, status_line: undefined }), null, 2) : tomlLine,
    );
    err(
      settings
        ? `botster-tui hooks ${c.name}: this goes into the "hooks" of ${file}${' '}(${settings.events.map((e) => `${e.event} -> ${e.state}`).join(', ')}); --install merges it, with a backup. Inside the hub it is added to each launch already`
        : `botster-tui hooks ${c.name}: a top-level line of ${file} (before any [table]); --install sets it, with a backup. Inside the hub it is added to each launch already`,
    );
    return 0;
  }
  try {
    const r: InstallResult = settings
      ? installSettings(settings, file)
      : installTomlKey(toml!.key, toml!.value.replaceAll('{notify}', notifyList()), file);
    if (r.changes.length === 0) {
      out(`${file}: the hooks are already installed; nothing changed`);
      return 0;
    }
    out(`${file}: ${r.created ? 'created; ' : ''}${r.changes.join('; ')}`);
    if (r.backup) out(`the file as it was: ${r.backup}`);
    out(
      `${c.name} reports its state to the hub when it runs inside a hub agent (restart running ${c.name} sessions to load the hooks)`,
    );
    return 0;
  } catch (e) {
    if (e instanceof ConfigFileError) {
      err(e.message);
      return 1;
    }
    throw e;
  }
}
