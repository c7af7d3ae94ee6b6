// How a launcher's command line reads (`sudo -u me codex`, `node --require x cli.js`): which of its
// options take the next word, and where its operand (the program or script it runs) starts.

export const set = (...xs: string[]) => new Set(xs);
export const ENV_ARG = set('-u', '--unset', '-C', '--chdir', '-P');
export const SUDO_ARG = set(
  '-u',
  '--user',
  '-g',
  '--group',
  '-C',
  '--close-from',
  '-D',
  '--chdir',
  '-p',
  '--prompt',
  '-r',
  '--role',
  '-t',
  '--type',
  '-U',
  '--other-user',
  '-T',
  '--command-timeout',
  '-R',
  '--chroot',
  '-h',
  '--host',
);
export const NICE_ARG = set('-n', '--adjustment');
export const TIME_ARG = set('-f', '--format', '-o', '--output');
export const EXEC_ARG = set('-a');
export const TIMEOUT_ARG = set('-s', '--signal', '-k', '--kill-after');
export const NPX_ARG = set(
  '-p',
  '--package',
  '-c',
  '--call',
  '--registry',
  '--cache',
  '--userconfig',
  '-w',
  '--workspace',
);
export const BUNX_ARG = set('-p', '--package', '--cwd');
export const UVX_ARG = set(
  '--from',
  '--with',
  '--with-editable',
  '--with-requirements',
  '-w',
  '-p',
  '--python',
  '--index',
  '--index-url',
  '--extra-index-url',
  '--directory',
  '--project',
  '--package',
  '--extra',
  '--group',
  '--env-file',
  '-c',
  '--constraints',
  '--spec',
  '--pip-args',
);
export const NODE_ARG = set(
  '-r',
  '--require',
  '--import',
  '--loader',
  '--experimental-loader',
  '-C',
  '--conditions',
  '--env-file',
  '--inspect-port',
  '--title',
  '--input-type',
);
export const PYTHON_ARG = set('-X', '-W', '-Q');
export const RUBY_ARG = set('-r', '-I', '-C', '-E', '-F');
export const PERL_ARG = set('-I', '-m', '-M', '-x');
export const DENO_ARG = set(
  '-c',
  '--config',
  '--import-map',
  '--location',
  '--seed',
  '--env-file',
  '-L',
  '--log-level',
);

/**
 * Skips options of a launcher: `withArg` options take the next word (unless written `--opt=x`
 * or, for one-letter ones, `-ox`). Returns the index of the first operand.
 */
export function skipOptions(args: readonly string[], withArg: ReadonlySet<string>, from = 0): number {
  let i = from;
  while (i < args.length) {
    const a = args[i];
    if (a === '--') return i + 1;
    if (!a.startsWith('-') || a === '-') return i;
    if (withArg.has(a)) i++;
    i++;
  }
  return i;
}

/** An interpreter's script (or module) after its options; null when it runs inline code or a REPL. */
export function interpreted(
  args: readonly string[],
  withArg: ReadonlySet<string>,
  inline: ReadonlySet<string>,
  module?: string,
): { script: string; rest: string[] } | { module: string } | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return i + 1 < args.length ? { script: args[i + 1], rest: args.slice(i + 2) } : null;
    if (a === '-') return null;
    if (!a.startsWith('-')) return { script: a, rest: args.slice(i + 1) };
    if (inline.has(a) || [...inline].some((f) => f.length === 2 && a.startsWith(f) && !a.startsWith('--')))
      return null;
    if (module !== undefined && (a === module || a.startsWith(module))) {
      const mod = a === module ? args[i + 1] : a.slice(module.length);
      return mod ? { module: mod } : null;
    }
    if (withArg.has(a)) i++;
  }
  return null;
}
