// The tmux command lines the hub's tmux surface understands, as tmux itself reads them: a table of
// commands (name, alias, which flags take a value) drives the parser, as tmux's cmd_entry does.
// Agents' CLIs and scripts call `tmux` with these (docs/teams.md); ./run.ts says what each does.

/** One tmux command: its flags without a value, its flags with one, and how many words follow. */
interface Entry {
  alias?: string;
  /** Flags that stand alone (`-d`, `-P`). */
  bare: string;
  /** Flags that take a value (`-t T`, `-F FMT`). */
  valued: string;
}

export const COMMANDS: Record<string, Entry> = {
  'capture-pane': { alias: 'capturep', bare: 'aCeJNpPqT', valued: 'bEStq' },
  'display-message': { alias: 'display', bare: 'aCIlNpv', valued: 'cdFt' },
  'has-session': { alias: 'has', bare: '', valued: 't' },
  'kill-pane': { alias: 'killp', bare: 'a', valued: 't' },
  'kill-server': { bare: '', valued: '' },
  'kill-session': { bare: 'aC', valued: 't' },
  'kill-window': { alias: 'killw', bare: 'a', valued: 't' },
  'list-clients': { alias: 'lsc', bare: '', valued: 'Ft' },
  'list-panes': { alias: 'lsp', bare: 'as', valued: 'Fft' },
  'list-sessions': { alias: 'ls', bare: '', valued: 'Ff' },
  'list-windows': { alias: 'lsw', bare: 'a', valued: 'Fft' },
  'new-session': { alias: 'new', bare: 'AdDEPX', valued: 'cefFnstxy' },
  'new-window': { alias: 'neww', bare: 'abdkPS', valued: 'ceFnt' },
  'rename-window': { alias: 'renamew', bare: '', valued: 't' },
  'respawn-pane': { alias: 'respawnp', bare: 'k', valued: 'cet' },
  'send-keys': { alias: 'send', bare: 'FHKlMRX', valued: 'Nt' },
  'split-window': { alias: 'splitw', bare: 'bdfhIPvZ', valued: 'ceFlpt' },
  'select-pane': { alias: 'selectp', bare: 'DdeLlMmRUZ', valued: 'Tt' },
  'start-server': { alias: 'start', bare: '', valued: '' },
  // Asked of a pane's look and place: the hub lays panes out itself, so these change nothing.
  'refresh-client': { alias: 'refresh', bare: 'cDlLRSU', valued: 'ACfFt' },
  'resize-pane': { alias: 'resizep', bare: 'DLMRTUZ', valued: 'txy' },
  'resize-window': { alias: 'resizew', bare: 'aADLRU', valued: 'txy' },
  'select-layout': { alias: 'selectl', bare: 'Enop', valued: 't' },
  'select-window': { alias: 'selectw', bare: 'lnpT', valued: 't' },
  'set-environment': { alias: 'setenv', bare: 'Fhgru', valued: 't' },
  'set-option': { alias: 'set', bare: 'aFgopqsuUw', valued: 't' },
  'set-window-option': { alias: 'setw', bare: 'aFgoqu', valued: 't' },
  'show-options': { alias: 'show', bare: 'AgHpqsvw', valued: 't' },
  'show-environment': { alias: 'showenv', bare: 'hgs', valued: 't' },
  'load-buffer': { alias: 'loadb', bare: 'w', valued: 'bt' },
  'set-buffer': { alias: 'setb', bare: 'aw', valued: 'bnt' },
  'wait-for': { alias: 'wait', bare: 'LSU', valued: '' },
  'attach-session': { alias: 'attach', bare: 'dErx', valued: 'cft' },
  'switch-client': { alias: 'switchc', bare: 'ElnprZ', valued: 'cTt' },
  'detach-client': { alias: 'detach', bare: 'aPq', valued: 'Est' },
};

const ALIASES = new Map(Object.entries(COMMANDS).map(([name, e]) => [e.alias ?? name, name]));

/** A command as read: its name, its flags (a bare flag's value is true), its words after the flags. */
export interface TmuxCommand {
  name: string;
  flags: Map<string, string | true>;
  words: string[];
}

/** A tmux-shaped failure: the message tmux would print, and its exit code (1). */
export class TmuxError extends Error {}

/** The command `word` names (its full name, its alias or a unique prefix, as tmux allows). */
export function commandName(word: string): string {
  if (COMMANDS[word]) return word;
  const alias = ALIASES.get(word);
  if (alias) return alias;
  const prefixed = Object.keys(COMMANDS).filter((n) => n.startsWith(word));
  if (prefixed.length === 1) return prefixed[0];
  if (prefixed.length > 1)
    throw new TmuxError(`ambiguous command: ${word}, could be: ${prefixed.join(', ')}`);
  throw new TmuxError(`unknown command: ${word}`);
}

/** One command's words (its name first) read against its entry. */
function readCommand(words: string[]): TmuxCommand {
  const name = commandName(words[0]);
  const e = COMMANDS[name];
  const flags = new Map<string, string | true>();
  let i = 1;
  for (; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      i++;
      break;
    }
    if (!w.startsWith('-') || w === '-') break;
    for (let k = 1; k < w.length; k++) {
      const f = w[k];
      if (e.valued.includes(f)) {
        const value = k + 1 < w.length ? w.slice(k + 1) : words[++i];
        if (value === undefined) throw new TmuxError(`-${f} expects an argument`);
        flags.set(f, value);
        break;
      }
      if (!e.bare.includes(f)) throw new TmuxError(`${name}: unknown flag -${f}`);
      flags.set(f, true);
    }
  }
  return { name, flags, words: words.slice(i) };
}

/**
 * A tmux command line after the client's own flags: commands separated by a `;` word (or a word
 * ending in an unescaped `;`), as `tmux a \; b` gives them.
 */
export function readCommands(argv: string[]): TmuxCommand[] {
  const out: TmuxCommand[] = [];
  let words: string[] = [];
  const end = () => {
    if (words.length) out.push(readCommand(words));
    words = [];
  };
  for (const w of argv) {
    if (w === ';') end();
    else if (w.endsWith('\\;')) words.push(w.slice(0, -2) + ';');
    else if (w.endsWith(';') && w.length > 1) {
      words.push(w.slice(0, -1));
      end();
    } else words.push(w);
  }
  end();
  return out;
}
