import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { HOME_KINDS, realHome, textLayout as layout, until, waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';

// Hot reload where users keep their files: the default home ~/.botster is a dot-folder, dotfile
// managers make it a symlink, and some homes have spaces in their path.

const hubs = useHub();

function watched(home: string, layoutFile?: string): Promise<Hub> {
  return hubs.watched({ home, collaborativeWaitMs: 0, ...(layoutFile ? { layoutFile } : {}) });
}

describe.each(HOME_KINDS)('hot reload in a %s home', (kind) => {
  it('user/layout.lua and user/keybindings.lua reload on save', async () => {
    const home = realHome(kind, { 'user/layout.lua': layout('VERSION ONE') });
    const hub = await watched(home);
    await waitForFrame(hub, /VERSION ONE/);
    fs.writeFileSync(path.join(home, 'user/layout.lua'), layout('VERSION TWO'));
    await waitForFrame(hub, /VERSION TWO/);
    fs.writeFileSync(
      path.join(home, 'user/keybindings.lua'),
      'keys.bind("normal", "h", "agent.next", { desc = "next (h)" })',
    );
    await until('binding h from user/keybindings.lua', () =>
      hub.bindings.some((b) => b.spec === 'h' && b.desc === 'next (h)'),
    );
  });

  it('a file dropped into improvements/ is reviewed and goes live', async () => {
    const home = realHome(kind);
    const hub = await watched(home);
    fs.writeFileSync(
      path.join(home, 'improvements/dropped.lua'),
      'keys.bind("normal", "z", "agent.next", { desc = "dropped in" })',
    );
    await until('binding z from improvements/dropped.lua', () =>
      hub.bindings.some((b) => b.spec === 'z' && b.desc === 'dropped in'),
    );
  });

  it('--layout FILE in another dot-folder reloads on save', async () => {
    const home = realHome(kind);
    const file = path.join(path.dirname(home), '.config', 'botster', 'mine.lua');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, layout('FROM CONFIG ONE'));
    const hub = await watched(home, file);
    await waitForFrame(hub, /FROM CONFIG ONE/);
    fs.writeFileSync(file, layout('FROM CONFIG TWO'));
    await waitForFrame(hub, /FROM CONFIG TWO/);
  });
});
