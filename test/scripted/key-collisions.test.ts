import { describe, expect, it } from 'vitest';
import { keyCollisions } from '../../src/lua/runtime/key-collisions.js';
import { useHub } from '../support/use-hub.js';

// Two scaffolded plugins both bound `t`: the second won and the first was unreachable, silently.

const hubs = useHub();

const plugin = (name: string) => ({
  [`plugins/${name}/plugin.json`]: JSON.stringify({
    name,
    version: '0.1.0',
    capabilities: ['commands', 'keys'],
  }),
  [`plugins/${name}/init.lua`]: `commands.register("${name}.hello", function(app) app:notify("${name} says hello", "info") end)
keys.bind("normal", "t", "${name}.hello", { desc = "${name}" })
`,
});
const entry = (name: string) => ({
  kind: 'folder',
  source: `/${name}`,
  version: '0.1.0',
  wants: ['commands', 'keys'],
  granted: ['commands', 'keys'],
  enabled: true,
});

describe('key collisions', () => {
  it('two plugins binding t: the hub says which takes it from which, at load', async () => {
    const t = await hubs.scripted({
      agents: [{ command: 'cat' }],
      cols: 160,
      files: {
        'plugins/lock.json': JSON.stringify({ plugins: { alpha: entry('alpha'), beta: entry('beta') } }),
        ...plugin('alpha'),
        ...plugin('beta'),
      },
    });
    await t.frame(
      /beta\/init\.lua: normal key t \(beta\.hello\) takes the key [^ ]*alpha\/init\.lua bound to alpha\.hello/,
    );
  });

  it("a shipped key rebound is no collision; one file binding a key twice neither; another file's is", () => {
    const b = (source: string, id: string, spec = 't') => ({
      mode: 'normal',
      spec,
      keys: [spec],
      desc: '',
      source,
      action: { kind: 'command' as const, id },
    });
    const shipped = (s: string) => s.startsWith('keybindings/');
    expect(
      keyCollisions(
        [
          b('keybindings/normal.lua:3', 'agent.next', 'j'),
          b('user/keybindings.lua:1', 'mine', 'j'),
          b('user/keybindings.lua:2', 'again', 'j'),
        ],
        shipped,
      ),
    ).toEqual([]);
    expect(keyCollisions([b('plugins/a/init.lua:2', 'a.x'), b('user/keys.lua:4', 'mine')], shipped)).toEqual([
      'user/keys.lua:4: normal key t (mine) takes the key plugins/a/init.lua:2 bound to a.x, which no key reaches now',
    ]);
  });
});
