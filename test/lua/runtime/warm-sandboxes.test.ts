// Improvements' states made ahead (src/lua/runtime/warm-sandboxes.ts): a build that uses one
// reaches what a build from nothing reaches; one made for other state tables, grants or core
// modules is not used; a broken improvement in one is still left out with its file:line. Real Lua,
// the real shipped files.
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigRuntime } from '../../../src/lua/runtime/config-runtime.js';
import { ConfigStandby } from '../../../src/lua/runtime/config-standby.js';
import { WarmSandboxes } from '../../../src/lua/runtime/warm-sandboxes.js';
import { sandboxedFiles } from '../../../src/lua/runtime/sandboxed-files.js';
import { readConfigFiles } from '../../../src/reload/config-files.js';
import { BUILTIN_COMMANDS } from '../../../src/commands/builtin-commands.js';
import type { ConfigFile } from '../../../src/lua/runtime/config-file.js';
import type { Persisted } from '../../../src/lua/runtime/persisted.js';
import { PieceHealth } from '../../../src/lua/runtime/piece-health.js';
import { tempHome } from '../../support/hub.js';

const builtins = BUILTIN_COMMANDS.map((c) => c.id);
const owned: Array<{ dispose(): void }> = [];
afterEach(() => {
  for (const o of owned.splice(0)) o.dispose();
});

const shipped = readConfigFiles({ home: tempHome({}) });
/** An improvement that says, in its key's description, what its state table held when it loaded. */
const counter = (tag: string) =>
  `local s = state.get("count", { n = 0 })\n` +
  `keys.bind("normal", "f5", "help.toggle", { desc = "${tag} n=" .. tostring(s.n) })\n`;
const withImprovement = (source: string, files = shipped): ConfigFile[] => [
  ...files,
  { name: 'improvements/imp.lua', layer: 'improvement', source } as ConfigFile,
];
const withState = (n: number): Persisted => ({ improvements: { imp: { count: { n } } } });

const build = async (files: ConfigFile[], persisted: Persisted, standby?: ConfigStandby | null) => {
  const notices: string[] = [];
  const rt = await ConfigRuntime.build(
    files,
    (level, text) => level === 'error' && notices.push(text),
    persisted,
    builtins,
    undefined,
    { health: new PieceHealth(), notice: (text: string) => notices.push(text) },
    standby,
  );
  owned.push(rt);
  return { rt, notices };
};
const descOf = (rt: ConfigRuntime) =>
  rt.export().bindings.find((b) => b.desc?.includes('n='))?.desc ?? '(no binding)';
const warmed = async (files: ConfigFile[], persisted: Persisted) => {
  const w = WarmSandboxes.begin([specOf(files, persisted)], coreOf(files), () => {});
  owned.push(w);
  await w.done;
  return w;
};
const specOf = (files: ConfigFile[], persisted: Persisted) =>
  sandboxedFiles(files, persisted.improvements ?? {})[0].spec;
const coreOf = (files: ConfigFile[]) => files.filter((f) => f.layer === 'core');

describe("improvements' states made ahead", () => {
  it('are used by the next build, which equals one from nothing, each once', async () => {
    const files = withImprovement(counter('v2'));
    const standby = await ConfigStandby.prepare(withImprovement(counter('v1')), () => {}, withState(3));
    owned.push(standby);
    await standby.sandboxes!.done;
    const ahead = await build(files, withState(3), standby);
    // Taken by that build: nothing left for the same spec.
    expect(standby.sandboxes!.take(specOf(files, withState(3)), coreOf(files))).toBeUndefined();
    const fresh = await build(files, withState(3));
    expect(descOf(ahead.rt)).toBe('v2 n=3');
    expect(descOf(ahead.rt)).toBe(descOf(fresh.rt));
  });

  it('are not used for other state tables, grants or core modules', async () => {
    const files = withImprovement(counter('x'));
    const w = await warmed(files, withState(1));
    // The state changed since (the improvement counted on): a fresh state is made, with the new tables.
    expect(w.take(specOf(files, withState(2)), coreOf(files))).toBeUndefined();
    const granted = { ...specOf(files, withState(1)), grant: { http: ['example.com'] } } as never;
    expect(w.take(granted, coreOf(files))).toBeUndefined();
    const otherCore = coreOf(files).map((f, i) =>
      i === 0 ? { ...f, source: `${f.source}\n-- changed\n` } : f,
    );
    expect(w.take(specOf(files, withState(1)), otherCore)).toBeUndefined();
    expect(w.take(specOf(files, withState(1)), coreOf(files))).toBeDefined();

    // A build that takes them halts the making: what is not ready by then it makes itself, once.
    const many = withImprovement(counter('y'));
    const specs = ['a', 'b', 'c'].map((n) => ({ ...specOf(many, withState(1)), name: n }));
    const halted = WarmSandboxes.begin(specs, coreOf(many), () => {});
    owned.push(halted);
    halted.halt();
    await halted.done;
    expect(specs.map((s) => halted.take(s, coreOf(many)))).toEqual([undefined, undefined, undefined]);

    const standby = await ConfigStandby.prepare(files, () => {}, withState(1));
    owned.push(standby);
    await standby.sandboxes!.done;
    expect(descOf((await build(files, withState(2), standby)).rt)).toBe('x n=2');
  });

  it('a broken improvement loaded in one is left out with its file:line, the rest load', async () => {
    const good = withImprovement(counter('good'));
    const broken = withImprovement('keys.bind("normal", "f5",\n  nil_call()\n)\n');
    const standby = await ConfigStandby.prepare(good, () => {}, withState(0));
    owned.push(standby);
    await standby.sandboxes!.done;
    const { rt, notices } = await build(broken, withState(0), standby);
    expect(descOf(rt)).toBe('(no binding)');
    expect(notices.join('\n')).toMatch(/improvements\/imp\.lua:2: .*nil_call.*\(improvement imp left out\)/);
  });
});
