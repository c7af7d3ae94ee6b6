// lua/default/sandbox.lua in the real configuration runtime: with boxes off (settings.sandbox =
// false) an agent CLI's start is said as a warning naming it, never as an error of the hub's own Lua.
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { readConfigFiles } from '../../src/reload/config-files.js';
import type { AppData } from '../../src/hub/self.js';
import { BUILTIN_COMMANDS } from '../../src/commands/builtin-commands.js';
import { tempHome } from '../support/hub.js';

let rt: ConfigRuntime | null = null;
afterEach(() => {
  rt?.dispose();
  rt = null;
});

const agent = {
  id: '2',
  name: 'claude',
  command: 'claude',
  program: 'claude',
  cwd: '/tmp',
  status: 'idle',
  exit_code: null,
  title: '',
};
const app = (): AppData => ({
  agents: [agent],
  focused_id: '2',
  selected: 1,
  mode: 'insert',
  size: { width: 80, height: 24 },
  error: null,
  notice: null,
  shell: '/bin/sh',
});

describe('boxes off (settings.sandbox = false)', () => {
  it('an agent CLI started unboxed is named in a notice, with no error of the hub Lua', async () => {
    rt = await ConfigRuntime.build(
      readConfigFiles({ home: tempHome({ 'user/hooks.lua': 'settings.sandbox = false' }) }),
      () => {},
      {},
      BUILTIN_COMMANDS.map((c) => c.id),
    );
    const out = rt.dispatch('agent_spawned', { agent }, null, () => {}, app());
    const said = JSON.stringify(out);
    expect(said).not.toMatch(/level must be/);
    expect(said).toMatch(/boxes are off \(settings\.sandbox = false\): claude \(id 2\) runs unboxed/);
  });
});
