import type { ConfigExport } from '../../hub/configuration.js';
import type { EngineUnit } from './engine-unit.js';

// Keys bound to commands nobody registered: an improvement's leaves it out (the rest loads), the
// configuration's own is an error at the bind's file:line. (A key bound to a verb, { verb = ... },
// names no command: keys.bind checked the verb's name.)

/**
 * An improvement with a key bound to a command nobody registered (one that went away with the
 * file that registered it, or never was) is left out of `improvements`, told as the bind's file.
 */
export function leaveOutUnknownCommands(
  main: EngineUnit,
  improvements: Map<string, EngineUnit>,
  builtin: Set<string>,
  notice: (text: string) => void,
): void {
  const units = [main, ...improvements.values()];
  const known = new Set([...builtin, ...units.flatMap((u) => u.export().commands.map((c) => c.id))]);
  for (const [name, unit] of improvements) {
    const b = unit
      .export()
      .bindings.find((x) => x.action.kind === 'command' && !x.action.verb && !known.has(x.action.id));
    if (!b || b.action.kind !== 'command') continue;
    improvements.delete(name);
    unit.dispose();
    notice(
      `${b.source}: unknown command "${b.action.id}" (keys.bind) (${name.startsWith('plugin:') ? `plugin ${name.slice(7)} stays off` : `improvement ${name} left out`})`,
    );
  }
}

/** A binding naming a command nobody registered is an error at the bind's file:line (gathered in `collect`). */
export function checkCommands(exp: ConfigExport, builtin: Set<string>, collect?: string[]): void {
  const known = new Set([...builtin, ...exp.commands.map((c) => c.id)]);
  for (const b of exp.bindings) {
    // (a verb bound as a verb needs no command: keys.bind checked its name)
    if (b.action.kind !== 'command' || b.action.verb || known.has(b.action.id)) continue;
    const message = `${b.source}: unknown command "${b.action.id}" (keys.bind)`;
    if (!collect) throw new Error(message);
    collect.push(message);
  }
}
