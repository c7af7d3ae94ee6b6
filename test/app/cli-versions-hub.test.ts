import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempHome, until, waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';

// A CLI whose rules differ by release (clis.define's `versions`), in a real hub with real agents:
// two installs of one npm CLI, 1.4.0 and 2.1.0, draw the same screen; the hub reads each agent's
// release from the package.json beside its binary, and each is read by its release's rules.

const hubs = useHub();

/** An npm-style install of `mytool` at `release` that draws "Proceed? ok" and waits. */
function install(root: string, release: string): string {
  const pkg = path.join(root, release, 'node_modules', 'mytool');
  fs.mkdirSync(path.join(pkg, 'bin'), { recursive: true });
  fs.writeFileSync(
    path.join(pkg, 'package.json'),
    JSON.stringify({ name: 'mytool', version: release, bin: { mytool: 'bin/mytool.js' } }),
  );
  const script = path.join(pkg, 'bin', 'mytool.js');
  fs.writeFileSync(
    script,
    "#!/usr/bin/env node\nprocess.stdout.write('Proceed? ok\\n');\nprocess.stdin.resume();\n",
    {
      mode: 0o755,
    },
  );
  return script;
}

const MYTOOL = `clis.define({
  name = "mytool", programs = { "mytool" },
  detect = function(screen) return "idle", nil, "2.x prompt" end,
  versions = {
    { below = "2.0.0", detect = function(screen)
      if screen:find("Proceed%? ok", screen:last(3)) then return "waiting", "proceed?", "1.x confirm" end
    end },
  },
})`;

describe('rules per CLI release in a hub', () => {
  it("each agent is read by the rules of the release it runs, read from its binary's package", async () => {
    const home = tempHome({ 'user/mytool.lua': MYTOOL });
    const old = install(path.join(home, 'tools'), '1.4.0');
    const now = install(path.join(home, 'tools'), '2.1.0');
    const hub = await hubs.real({
      home,
      agents: [
        { command: old, name: 'old' },
        { command: now, name: 'new' },
      ],
      collaborativeWaitMs: 0,
    });
    await waitForFrame(hub, /Proceed\? ok/, 10000);
    const [a, b] = hub.agents.list();
    await until('the 1.4.0 agent waits', () => hub.state.agentStates[a.info.id]?.state === 'waiting', 10000);
    expect(hub.state.agentStates[a.info.id]).toMatchObject({ state: 'waiting', reason: 'proceed?' });
    expect((await hub.status.explain(a.info.id))?.verdict).toMatchObject({
      state: 'waiting',
      rule: '1.x confirm (below 2.0.0)',
    });
    expect((await hub.status.explain(b.info.id))?.verdict).toMatchObject({
      state: 'idle',
      rule: '2.x prompt',
    });
    expect(hub.state.agentStates[b.info.id]?.state).not.toBe('waiting');
    // What a saved or pending case records: the release and the terminal's size.
    expect(hub.status.release(a.info.id)).toBe('1.4.0');
    expect(hub.status.release(b.info.id)).toBe('2.1.0');
    expect(hub.status.facts(a.info.id)?.size).toMatch(/^\d+x\d+$/);
  }, 30000);
});
