import type { ExportedBinding } from '../../hub/configuration.js';

// Two plugins (or a plugin, an improvement and your file) that bind the same key: the later one
// wins (docs/files.md#load-order) and the other is unreachable. Said where it happens (a notice as
// the configuration loads) and in `botster-tui keys`. Rebinding a shipped key is no collision:
// that is what your files are for; nor is one file binding a key twice.

const fileOf = (source: string) => source.replace(/:\d+$/, '');

function what(b: ExportedBinding): string {
  return b.action.kind === 'command' ? b.action.id : 'a Lua function';
}

/** One line per binding another file's binding hides, as `file:line: ...` of the one that wins. */
export function keyCollisions(
  bindings: readonly ExportedBinding[],
  shipped: (source: string) => boolean,
): string[] {
  const first = new Map<string, ExportedBinding>();
  const out: string[] = [];
  for (const b of bindings) {
    if (shipped(b.source)) continue;
    const key = `${b.mode}\u0000${b.keys.join(' ')}`;
    const before = first.get(key);
    first.set(key, b);
    if (!before || fileOf(before.source) === fileOf(b.source)) continue;
    out.push(
      `${b.source}: ${b.mode} key ${b.spec} (${what(b)}) takes the key ${before.source} bound to ${what(before)}, which no key reaches now`,
    );
  }
  return out;
}
