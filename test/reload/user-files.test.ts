// Every top-level *.lua of $BOTSTER_HOME/user is configuration (issue 25 item 5: a user/settings.lua
// did nothing, with no word). Order: profiles.lua, the others by name, keybindings.lua, hooks.lua,
// layout.lua. Subfolders hold modules (loaded by require only); policy.lua reviews improvements; a
// file that does not load is named in the log.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { realHome, until, waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();

// Each file appends its name to a global the layout shows: the order they ran in is on screen.
const mark = (name: string) => `ORDER = (ORDER or "") .. "${name} "\n`;
const orderLayout = `${mark('layout')}function App:render()
  return ui.column({ ui.text("ran: " .. ORDER .. "helpers x" .. tostring(HELPER_RUNS)), ui.panel({ grow = 1 }, ui.terminal(self.focused)) })
end
`;

describe('user/*.lua', () => {
  it('a user/settings.lua takes effect, and hot-reloads like the others', async () => {
    const home = realHome('dot-folder', { 'user/settings.lua': 'settings.on_quit = "detach"\n' });
    const hub = await hubs.watched({ home });
    expect(hub.config.settings.on_quit).toBe('detach');
    fs.writeFileSync(path.join(home, 'user/settings.lua'), 'settings.on_quit = "stop"\n');
    await until('settings.lua saved: on_quit is "stop"', () => hub.config.settings.on_quit === 'stop');
    // A new file goes live on its own, too.
    fs.writeFileSync(
      path.join(home, 'user/extra.lua'),
      'keys.bind("normal", "h", "agent.next", { desc = "from extra.lua" })\n',
    );
    await until('binding h from a new user/extra.lua', () => hub.bindings.some((b) => b.spec === 'h'));
    // An error in it names it, and the last good configuration stays.
    fs.writeFileSync(path.join(home, 'user/settings.lua'), 'settings.on_quit = "sometimes"\n');
    await waitForFrame(hub, /settings\.lua:1:/);
    expect(hub.config.settings.on_quit).toBe('stop');
  });

  it('load in a documented order; a file another one requires runs once; subfolders, policy.lua and hidden files do not load', async () => {
    const home = realHome('dot-folder', {
      'user/layout.lua': orderLayout,
      'user/hooks.lua': mark('hooks'),
      'user/keybindings.lua': mark('keybindings'),
      'user/profiles.lua': mark('profiles'),
      'user/zeta.lua': mark('zeta') + 'assert(require("helpers").ok)\n',
      'user/Beta.lua': mark('Beta'),
      // Requires helpers before helpers' own turn: helpers runs then, and not again at its turn.
      'user/alpha.lua': mark('alpha') + 'assert(require("helpers").ok)\n',
      'user/helpers.lua': 'HELPER_RUNS = (HELPER_RUNS or 0) + 1\nreturn { ok = true }\n',
      'user/settings.lua': mark('settings'),
      'user/lib/unused.lua': mark('lib/unused'),
      'user/policy.lua': mark('policy'),
      'user/.hidden.lua': mark('hidden'),
    });
    const hub = await hubs.watched({ home });
    await waitForFrame(hub, /ran: profiles Beta alpha settings zeta keybindings hooks layout helpers x1/);
    const log = fs.readFileSync(path.join(home, 'logs/hub.log'), 'utf8');
    expect(log).toMatch(/user\/lib\/unused\.lua: a module, loaded only by require\("lib\.unused"\)/);
    expect(log).toMatch(/user\/policy\.lua: not configuration/);
    expect(log).toMatch(/user\/\.hidden\.lua: not loaded/);
  });
});
