// A build begun ahead (src/lua/runtime/config-standby.ts) reaches what a build from nothing
// reaches, is taken only when it fits, once, and a broken file still fails the build with its
// file:line error. Real Lua, the real shipped files.
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigRuntime } from '../../../src/lua/runtime/config-runtime.js';
import { ConfigStandby, shippedPrefix } from '../../../src/lua/runtime/config-standby.js';
import { readConfigFiles } from '../../../src/reload/config-files.js';
import { BUILTIN_COMMANDS } from '../../../src/commands/builtin-commands.js';
import { SAMPLE_APP } from '../../../src/lua/runtime/sample-app.js';
import type { ConfigFile } from '../../../src/lua/runtime/config-file.js';
import { tempHome } from '../../support/hub.js';

const builtins = BUILTIN_COMMANDS.map((c) => c.id);
const owned: Array<{ dispose(): void }> = [];
afterEach(() => {
  for (const o of owned.splice(0)) o.dispose();
});

const layout = (marker: string) =>
  `keys.bind("normal", "f7", "help.toggle")\nfunction App:render() return ui.text("${marker}") end\n`;
import fs from 'node:fs';
import path from 'node:path';
/** The files of one home (a save rewrites its user/layout.lua: the module root stays the home's). */
const home = tempHome({});
const filesOf = (user: Record<string, string>) => {
  for (const [name, text] of Object.entries(user)) {
    fs.mkdirSync(path.dirname(path.join(home, name)), { recursive: true });
    fs.writeFileSync(path.join(home, name), text);
  }
  return readConfigFiles({ home });
};
const build = async (files: ConfigFile[], standby?: ConfigStandby, persisted = {}) => {
  const rt = await ConfigRuntime.build(files, () => {}, persisted, builtins, undefined, undefined, standby);
  owned.push(rt);
  return rt;
};
const prepare = async (files: ConfigFile[], persisted = {}) => {
  const s = await ConfigStandby.prepare(files, () => {}, persisted);
  owned.push(s);
  return s;
};
/** JSON with keys and lists sorted: Lua's tables list their entries in no fixed order (two builds from nothing differ). */
const canon = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => {
    if (Array.isArray(x)) return x.map((e) => canon(e)).sort();
    if (x && typeof x === 'object')
      return Object.fromEntries(Object.entries(x).sort(([p], [q]) => (p < q ? -1 : 1)));
    return x;
  });
const facts = (rt: ConfigRuntime) => ({
  tree: rt.render(SAMPLE_APP),
  export: canon(rt.export()),
  layout: rt.layoutFile(),
});

describe('a configuration begun ahead', () => {
  it('runs only the shipped files ahead, and the build from it equals one from nothing', async () => {
    const before = filesOf({ 'user/layout.lua': layout('OLD') });
    const now = filesOf({ 'user/layout.lua': layout('NEW') });
    expect(shippedPrefix(now)).toBeGreaterThan(10);
    expect(now[shippedPrefix(now)].layer).not.toMatch(/^(core|default|keybindings)$/);
    const standby = await prepare(before);
    expect(standby.fits(now, {})).toBe(true);
    const ahead = await build(now, standby);
    expect(standby.fits(now, {})).toBe(false); // taken: once
    const fresh = await build(now);
    expect(facts(ahead)).toEqual(facts(fresh));
    expect(JSON.stringify(facts(ahead).tree)).toContain('NEW');
  });

  it('does not fit when a shipped file or the persisted state differs: the build starts from nothing', async () => {
    const files = filesOf({ 'user/layout.lua': layout('A') });
    const standby = await prepare(files);
    const shipped = files.map((f, i) => (i === 3 ? { ...f, source: f.source + '\n-- changed\n' } : f));
    expect(standby.fits(shipped, {})).toBe(false);
    expect(standby.fits(files, { namespaces: { grid: { selected: 2 } } })).toBe(false);
    expect(standby.fits(files, {})).toBe(true);
    // One that does not fit is left alone by the build (and disposed by its owner).
    await build(shipped, standby);
    expect(standby.fits(files, {})).toBe(true);
  });

  it('a broken file still fails the build with file:line, and the next standby still serves', async () => {
    const good = filesOf({ 'user/layout.lua': layout('GOOD') });
    const broken = filesOf({ 'user/layout.lua': 'function App:render()\n  return ui.text("x"\nend\n' });
    const standby = await prepare(good);
    await expect(build(broken, standby)).rejects.toThrow(/layout\.lua:3: .*expected/);
    const again = await prepare(good);
    expect(JSON.stringify((await build(good, again)).render(SAMPLE_APP))).toContain('GOOD');
  });
});
