import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { HOME_KINDS, realHome, sleep, startHub, waitForFrame } from './helpers.js';

// Hot reload where users keep their files: the default home ~/.botster is a dot-folder, dotfile
// managers make it a symlink, and some homes have spaces in their path.

let hubs: Hub[] = [];
afterEach(async () => {
  await Promise.all(hubs.map((h) => h.dispose()));
  hubs = [];
});

const layout = (text: string) => `function App:render()
  return ui.column({ ui.text(${JSON.stringify(text)}), ui.panel({ grow = 1 }, ui.terminal(self.focused)) })
end
`;

async function watched(home: string, layoutFile?: string): Promise<Hub> {
  const hub = await startHub({ home, agents: [{ command: 'cat' }], collaborativeWaitMs: 0, ...(layoutFile ? { layoutFile } : {}) });
  hubs.push(hub);
  await hub.watchConfig();
  return hub;
}

async function until(cond: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`never happened: ${what}`);
    await sleep(20);
  }
}

describe.each(HOME_KINDS)('hot reload in a %s home', (kind) => {
  it('user/layout.lua and user/keybindings.lua reload on save', async () => {
    const home = realHome(kind, { 'user/layout.lua': layout('VERSION ONE') });
    const hub = await watched(home);
    await waitForFrame(hub, /VERSION ONE/);
    fs.writeFileSync(path.join(home, 'user/layout.lua'), layout('VERSION TWO'));
    await waitForFrame(hub, /VERSION TWO/);
    fs.writeFileSync(path.join(home, 'user/keybindings.lua'), 'keys.bind("normal", "h", "agent.next", { desc = "next (h)" })');
    await until(() => hub.bindings.some((b) => b.spec === 'h'), 'binding h from user/keybindings.lua');
  });

  it('a file dropped into improvements/ is reviewed and goes live', async () => {
    const home = realHome(kind);
    const hub = await watched(home);
    fs.writeFileSync(path.join(home, 'improvements/dropped.lua'), 'keys.bind("normal", "v", "agent.next", { desc = "dropped in" })');
    await until(() => hub.bindings.some((b) => b.spec === 'v'), 'binding v from improvements/dropped.lua');
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
