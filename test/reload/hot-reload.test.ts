import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import type { AgentSpec } from '../../src/agents/types.js';
import { realHome, sleep, textLayout as layout, waitForFrame, type HomeKind } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();

// Homes where users keep them (~/.botster is a dot-folder; some are symlinks or have spaces).
async function watchedHome(
  files: Record<string, string>,
  agents: AgentSpec[] = [{ command: 'cat' }],
  kind: HomeKind = 'dot-folder',
): Promise<{ hub: Hub; home: string }> {
  const home = realHome(kind, files);
  return { hub: await hubs.watched({ home, agents }), home };
}

function save(home: string, rel: string, content: string): void {
  fs.writeFileSync(path.join(home, rel), content);
}

describe('hot reload', () => {
  it('saving the layout redraws at once; errors show file:line and keep the last good layout; typing still works', async () => {
    const { hub, home } = await watchedHome({ 'user/layout.lua': layout('VERSION ONE') });
    await waitForFrame(hub, /VERSION ONE/);
    save(home, 'user/layout.lua', layout('VERSION TWO'));
    await waitForFrame(hub, /VERSION TWO/);

    save(home, 'user/layout.lua', 'function App:render()\n  return ui.column({\nend\n');
    let frame = await waitForFrame(hub, /user\/layout\.lua:3: .*expected/);
    expect(frame).toContain('VERSION TWO');

    save(home, 'user/layout.lua', 'function App:render()\n  local t = nil\n  return t.x\nend\n');
    frame = await waitForFrame(hub, /user\/layout\.lua:3: attempt to index a nil value/);
    expect(frame).toContain('VERSION TWO');

    save(home, 'user/layout.lua', 'function App:render()\n  while true do end\nend\n');
    frame = await waitForFrame(hub, /user\/layout\.lua:2: stopped after \d+ ms/);
    expect(frame).toContain('VERSION TWO');
    hub.input('still typing\r');
    await waitForFrame(hub, /still typing[^\n]*\n[^\n]*still typing/);

    save(home, 'user/layout.lua', layout('VERSION THREE'));
    frame = await waitForFrame(hub, /VERSION THREE/);
    expect(frame).not.toMatch(/layout\.lua:\d+:/); // the error is gone
  });

  it('an editor that saves by rename-over (vim), and deleting the file falls back to the default', async () => {
    const { hub, home } = await watchedHome(
      { 'user/layout.lua': layout('BEFORE RENAME') },
      undefined,
      'symlinked',
    );
    await waitForFrame(hub, /BEFORE RENAME/);
    const tmp = path.join(home, 'user/.layout.lua.swp');
    fs.writeFileSync(tmp, layout('AFTER RENAME'));
    fs.renameSync(tmp, path.join(home, 'user/layout.lua'));
    await waitForFrame(hub, /AFTER RENAME/);
    fs.unlinkSync(path.join(home, 'user/layout.lua'));
    await waitForFrame(hub, /Botster Hub/);
  });

  it('deleting user/layout.lua reloads once to the shipped layout, then stays quiet; re-creating it is picked up', async () => {
    const { hub, home } = await watchedHome({ 'user/layout.lua': layout('MINE') });
    await waitForFrame(hub, /MINE/);
    const reloads = () =>
      (fs.existsSync(path.join(home, 'logs/hub.log'))
        ? fs.readFileSync(path.join(home, 'logs/hub.log'), 'utf8')
        : ''
      ).match(/reloaded \(~?[^)]*layout\.lua\)/g)?.length ?? 0;
    const before = reloads();
    fs.unlinkSync(path.join(home, 'user/layout.lua'));
    await waitForFrame(hub, /Botster Hub/);
    await sleep(3500); // the safety net looks every second while active: three looks
    expect(reloads() - before).toBe(1);
    save(home, 'user/layout.lua', layout('MINE AGAIN'));
    await waitForFrame(hub, /MINE AGAIN/);
  });

  it('a half-written file never shows an error; a burst of 50 saves ends with the last content live', async () => {
    const { hub, home } = await watchedHome({ 'user/layout.lua': layout('SAVE 0') }, undefined, 'spaces');
    await waitForFrame(hub, /SAVE 0/);
    const full = layout('HALF DONE');
    const file = path.join(home, 'user/layout.lua');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, full.slice(0, 30)); // half a file: a syntax error if read now
    await sleep(40);
    fs.writeSync(fd, full.slice(30));
    fs.closeSync(fd);
    await waitForFrame(hub, /HALF DONE/);
    expect(fs.readFileSync(path.join(home, 'logs/hub.log'), 'utf8')).not.toMatch(/ERROR/);

    for (let i = 1; i <= 50; i++) save(home, 'user/layout.lua', layout(`SAVE ${i}`));
    await waitForFrame(hub, /SAVE 50/);
    await sleep(200);
    expect(await waitForFrame(hub, /SAVE 50/)).toContain('SAVE 50');
  });

  it('agents, focus, mode, self.state and state.get survive 20 reloads; reload hooks run', async () => {
    const counter = (n: number) => `
local s = state.get("demo", { loads = 0 })
s.loads = s.loads + 1
function _before_reload() state.get("demo").before = (state.get("demo").before or 0) + 1 end
function App:render()
  self.state.renders = (self.state.renders or 0) + 1
  return ui.column({ ui.text("GEN ${n} loads=" .. s.loads .. " before=" .. tostring(s.before) .. " renders>0=" .. tostring(self.state.renders > 0)), ui.panel({ grow = 1 }, ui.terminal(self.focused)) })
end
`;
    const { hub, home } = await watchedHome({ 'user/layout.lua': counter(0) }, [
      { command: 'cat', name: 'one' },
      { command: 'cat', name: 'two' },
    ]);
    await waitForFrame(hub, /GEN 0 loads=\d+/);
    hub.input('\x07j'); // normal mode, focus the second agent
    await hub.whenIdle();
    const pids = hub.agents.list().map((a) => a.info.pid);
    for (let i = 1; i <= 20; i++) {
      save(home, 'user/layout.lua', counter(i));
      await waitForFrame(hub, new RegExp(`GEN ${i} `));
    }
    const frame = await waitForFrame(hub, /GEN 20 /);
    const loads = Number(/loads=(\d+)/.exec(frame)![1]);
    expect(loads).toBeGreaterThanOrEqual(21); // the namespace table lived through every reload
    expect(frame).toMatch(/before=\d+/);
    expect(frame).toContain('renders>0=true');
    expect(hub.agents.list().map((a) => a.info.pid)).toEqual(pids);
    expect(hub.focused?.info.name).toBe('two');
    expect(hub.currentMode).toBe('normal');
  });

  it('user/keybindings.lua reloads too, and deleting it brings the defaults back', async () => {
    const { hub, home } = await watchedHome({}, [
      { command: 'cat', name: 'one' },
      { command: 'cat', name: 'two' },
    ]);
    hub.input('\x07');
    await hub.whenIdle();
    save(
      home,
      'user/keybindings.lua',
      'keys.unbind("normal", "j")\nkeys.bind("normal", "h", "agent.next", { desc = "next (h)" })',
    );
    const end = Date.now() + 5000;
    while (!hub.bindings.some((b) => b.mode === 'normal' && b.spec === 'h') && Date.now() < end)
      await sleep(20);
    hub.input('j');
    await hub.whenIdle();
    expect(hub.focused?.info.name).toBe('one');
    hub.input('h');
    await hub.whenIdle();
    expect(hub.focused?.info.name).toBe('two');
    fs.unlinkSync(path.join(home, 'user/keybindings.lua'));
    while (hub.bindings.some((b) => b.mode === 'normal' && b.spec === 'h') && Date.now() < end + 5000)
      await sleep(20);
    hub.input('j');
    await hub.whenIdle();
    expect(hub.focused?.info.name).toBe('one');
  });
});

describe('runaway Lua in key handlers', () => {
  it('an infinite loop or a runaway pattern in a bound function is stopped; keys keep working after', async () => {
    const { hub } = await watchedHome(
      {
        'user/keybindings.lua': `
keys.bind("normal", "l", function(app) while true do end end, { desc = "loop" })
keys.bind("normal", "p", function(app) string.rep("a", 40000):find(".-.-.-.-x") end, { desc = "pattern" })
keys.bind("normal", "n", function(app) app:focus(2) end, { desc = "second" })`,
      },
      [
        { command: 'cat', name: 'one' },
        { command: 'cat', name: 'two' },
      ],
    );
    hub.input('\x07l');
    await waitForFrame(hub, /user\/keybindings\.lua:2: stopped after \d+ ms/);
    hub.input('p');
    await waitForFrame(hub, /a key binding did not return within \d+ ms/);
    await sleep(300); // the worker comes back with the last good configuration
    const end = Date.now() + 5000;
    while (hub.focused?.info.name !== 'two' && Date.now() < end) {
      hub.input('n');
      await hub.whenIdle();
      await sleep(100);
    }
    expect(hub.focused?.info.name).toBe('two');
  });
});
