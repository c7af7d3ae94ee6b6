import { TmuxError, type TmuxCommand } from './grammar.js';

// The tmux options the surface answers for (`show-options`, `#{name}` in a format) as the hub
// behaves, so a CLI that asks tmux how it is set up reads the truth about the hub and gives no
// advice for a tmux config that is not there. Any other option reads as unset (`set-option` changes
// nothing: the hub lays out its panels itself).

/** Each option the hub holds, with its value as `show-options` prints it. */
export const OPTIONS: Readonly<Record<string, string>> = {
  // The focused agent hears focus in and out (src/agents/agent-focus.ts): Claude Code asks
  // `tmux show -gv focus-events` and otherwise says to add it to ~/.tmux.conf.
  'focus-events': 'on',
};

/** An option's value in a format: a flag's `on` / `off` are `1` / `0` there, as in tmux. */
export function formatValues(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(OPTIONS).map(([k, v]) => [k, v === 'on' ? '1' : v === 'off' ? '0' : v]),
  );
}

/**
 * `show-options [-gqv] [NAME]`: the lines it prints. `-v` the value alone; no name: every option
 * the hub holds. A name it does not hold prints nothing (unset), as before.
 */
export function showOptions(c: TmuxCommand): string[] {
  const name = c.words[0];
  if (c.words.length > 1) throw new TmuxError('show-options: too many arguments');
  const names = name === undefined ? Object.keys(OPTIONS) : name in OPTIONS ? [name] : [];
  return names.map((n) => (c.flags.has('v') ? OPTIONS[n] : `${n} ${OPTIONS[n]}`));
}
