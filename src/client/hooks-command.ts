import { ConfigFileError } from './config-write.js';
import {
  CLAUDE_HOOKS,
  GEMINI_HOOKS,
  HOOK_CLIS,
  codexNotifyLine,
  configFile,
  jsonSnippet,
  type HookCli,
} from './hook-snippets.js';
import { installHooks } from './hooks-install.js';
import type { Out } from './server-commands.js';

// `botster-tui hooks claude|codex|gemini [--install]`: prints the snippet (stdout: only the
// snippet, to paste or pipe; where it goes on stderr), or merges it into the CLI's own config.

function where(cli: HookCli, file: string): string {
  const list = cli === 'claude' ? CLAUDE_HOOKS : cli === 'gemini' ? GEMINI_HOOKS : [];
  const events = list.map((h) => `${h.event} -> ${h.state}`).join(', ');
  if (cli === 'codex') {
    return `a top-level line of ${file} (before any [table]; Codex runs one notify program, with its JSON as the last argument: agent-turn-complete -> done). botster-tui hooks codex --install sets it, with a backup`;
  }
  return `the "hooks" of ${file} (${events}). botster-tui hooks ${cli} --install merges it, with a backup`;
}

export function runHooks(
  args: string[],
  install: boolean,
  env: NodeJS.ProcessEnv,
  out: Out,
  err: Out,
): number {
  const [cli, ...rest] = args;
  if (!HOOK_CLIS.includes(cli as HookCli) || rest.length > 0) {
    err(
      cli === undefined
        ? `name the CLI: botster-tui hooks ${HOOK_CLIS.join('|')} [--install]`
        : `hooks: ${rest.length ? `unexpected argument "${rest[0]}"` : `no hooks for "${cli}"`} (botster-tui hooks ${HOOK_CLIS.join('|')} [--install])`,
    );
    return 2;
  }
  const c = cli as HookCli;
  const file = configFile(c, env);
  if (!install) {
    out(c === 'codex' ? codexNotifyLine() : JSON.stringify(jsonSnippet(c), null, 2));
    err(`botster-tui hooks ${c}: this goes into ${where(c, file)}`);
    return 0;
  }
  try {
    const r = installHooks(c, file);
    if (r.changes.length === 0) {
      out(`${file}: the hooks are already installed; nothing changed`);
      return 0;
    }
    out(`${file}: ${r.created ? 'created; ' : ''}${r.changes.join('; ')}`);
    if (r.backup) out(`the file as it was: ${r.backup}`);
    out(
      `${c} reports its state to the hub when it runs inside a hub agent (restart running ${c} sessions to load the hooks)`,
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
