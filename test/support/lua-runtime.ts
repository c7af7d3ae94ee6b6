import { afterEach } from 'vitest';
import { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { readConfigFiles } from '../../src/reload/config-files.js';
import type { AppData } from '../../src/hub/self.js';
import { BUILTIN_COMMANDS } from '../../src/commands/builtin-commands.js';
import { tempHome } from './homes.js';

// The shipped Lua in the real configuration runtime, without a hub: a test dispatches hub events
// to it with the app's data as a hub would pass it, and reads the requests its handlers make.

/** An agent as the app's data lists it. */
export const appAgent = (id: string) => ({
  id,
  name: `a${id}`,
  command: 'cat',
  cwd: '/tmp',
  status: 'idle',
  exit_code: null,
  title: '',
});

/** The app's data with two agents, the first focused, in insert mode; `over` changes it. */
export const appData = (over: Partial<AppData> = {}): AppData => ({
  agents: [appAgent('1'), appAgent('2')],
  focused_id: '1',
  selected: 1,
  mode: 'insert',
  size: { width: 80, height: 24 },
  error: null,
  notice: null,
  shell: '/bin/sh',
  ...over,
});

/** A runtime of the shipped Lua (and `user` as user/hooks.lua) per call, disposed after each test. */
export function useLuaRuntime(): (user?: string) => Promise<ConfigRuntime> {
  const built: ConfigRuntime[] = [];
  afterEach(() => {
    // (a test may have disposed one already)
    for (const rt of built.splice(0))
      try {
        rt.dispose();
      } catch {
        // gone
      }
  });
  return async (user = '') => {
    const rt = await ConfigRuntime.build(
      readConfigFiles({ home: tempHome(user ? { 'user/hooks.lua': user } : {}) }),
      () => {},
      {},
      BUILTIN_COMMANDS.map((c) => c.id),
    );
    built.push(rt);
    return rt;
  };
}
