import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';

// A notice is tied to the state it reports: "plugin X stays off" goes as soon as a configuration
// loads it (a grant, a fix), not when its ten seconds are up.

const hubs = useHub();

const lock = (granted: string[]) =>
  JSON.stringify({
    plugins: {
      dev: { kind: 'folder', source: '/dev', version: '0.1.0', wants: ['pieces'], granted, enabled: true },
    },
  });
const PIECE = 'layout.piece("status.left", "dev", function() return "DEV-OK" end)\n';

describe('notices of a configuration', () => {
  it('a plugin that stays off: fixed, its notice leaves the screen with the reload that loads it', async () => {
    const t = await hubs.scripted({
      files: {
        'plugins/lock.json': lock(['pieces']),
        'plugins/dev/plugin.json': JSON.stringify({
          name: 'dev',
          version: '0.1.0',
          capabilities: ['pieces'],
        }),
        'plugins/dev/init.lua': PIECE.replace(')\n', '\n'),
      },
    });
    await t.frame(/init\.lua:2: [\s\S]*\(plugin dev\s+stays off\)/);
    await t.save('plugins/dev/init.lua', PIECE);
    await t.frame(/DEV-OK/);
    expect(t.screen()).not.toMatch(/stays off/);
    expect(t.hub.state.notice).toBeNull();
  });

  it('granted what it lacked: "stays off" goes at once', async () => {
    const t = await hubs.scripted({
      files: {
        'plugins/lock.json': lock([]),
        'plugins/dev/plugin.json': JSON.stringify({
          name: 'dev',
          version: '0.1.0',
          capabilities: ['pieces'],
        }),
        'plugins/dev/init.lua': PIECE,
      },
    });
    await t.frame(/stays off/);
    await t.save('plugins/lock.json', lock(['pieces']));
    await t.frame(/DEV-OK/);
    expect(t.screen()).not.toMatch(/stays off/);
  });
});
