import { describe, expect, it } from 'vitest';
import { configureKey, sameConfigure } from '../../src/worker/configure-key.js';
import type { ConfigFile } from '../../src/lua/runtime/config-file.js';

// The hub's first configure takes the one begun early only when it asks the same: files (names,
// layers, sources and the rest) and everything else sent with them.

const files = (): ConfigFile[] => [
  { name: 'lua/core/log.lua', source: 'local x = 1\n', layer: 'core' },
  { name: 'user/layout.lua', source: 'return 1\n', layer: 'user', module: 'layout' },
];
const params = (over: Record<string, unknown> = {}) => ({
  files: files(),
  app: { agents: [], focus: null },
  builtinCommands: ['quit'],
  restored: {},
  disabledPieces: [],
  ...over,
});

describe('configureKey', () => {
  it('the same request (other objects, equal text) is the same', () => {
    expect(sameConfigure(configureKey(params()), configureKey(params()))).toBe(true);
  });

  it('a source, a name, a layer, a file more or less, or anything sent beside the files differs', () => {
    const a = configureKey(params());
    const changed = (f: (x: ConfigFile[]) => void) => {
      const fs = files();
      f(fs);
      return configureKey(params({ files: fs }));
    };
    expect(
      sameConfigure(
        a,
        changed((x) => (x[1].source = 'return 2\n')),
      ),
    ).toBe(false);
    expect(
      sameConfigure(
        a,
        changed((x) => (x[0].name = 'lua/core/ui.lua')),
      ),
    ).toBe(false);
    expect(
      sameConfigure(
        a,
        changed((x) => (x[1].layer = 'project')),
      ),
    ).toBe(false);
    expect(
      sameConfigure(
        a,
        changed((x) => delete x[1].module),
      ),
    ).toBe(false);
    expect(
      sameConfigure(
        a,
        changed((x) => x.pop()),
      ),
    ).toBe(false);
    expect(sameConfigure(a, configureKey(params({ app: { agents: [], focus: '1' } })))).toBe(false);
    expect(sameConfigure(a, configureKey(params({ disabledPieces: ['x'] })))).toBe(false);
  });

  it('a source that holds what would end it in JSON is still told apart', () => {
    const one = files();
    const two = files();
    one[0].source = 'a"b';
    two[0].source = 'a\\"b';
    expect(sameConfigure(configureKey(params({ files: one })), configureKey(params({ files: two })))).toBe(
      false,
    );
  });
});
