import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installAgentBin } from '../../src/lifecycle/agent-path.js';
import { findNative } from '../../src/wire/find-native.js';

// The CLI the hub writes for its agents ($BOTSTER_HOME/bin/botster-tui), run for real.
describe("the agents' botster-tui", () => {
  const home = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'botster agent bin ')), '.botster');
  const bin = path.join(installAgentBin(home), 'botster-tui');
  const version = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')).version;
  // (the native client where this checkout built one: it hands --version to this node)
  const client = findNative('botster-tui').path ? 'native' : 'node';

  it('runs this package with this node, from a home with a space in its path', () => {
    expect(execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()).toBe(
      `${version} (${client} client)`,
    );
  });

  it('boots node without NODE_EXTRA_CA_CERTS (node would load it, and say so when it cannot)', () => {
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: path.join(home, 'no-such-ca.pem') };
    const res = spawnSync(bin, ['--version'], { env, encoding: 'utf8' });
    expect(res.stdout.trim()).toBe(`${version} (${client} client)`);
    expect(res.stderr).not.toMatch(/extra certs/i);
    // node itself, with the variable as the agent had it, does load it (the check above can fail)
    expect(spawnSync(process.execPath, ['-e', '0'], { env, encoding: 'utf8' }).stderr).toMatch(
      /extra certs/i,
    );
  });

  it.skipIf(!findNative('botster-tui').path)(
    "is one process, the native client itself: what it hands to node runs with the hub's node, not PATH's",
    () => {
      const tmux = path.join(path.dirname(bin), 'tmux');
      for (const f of [bin, tmux])
        expect(fs.readFileSync(f).subarray(0, 4).toString('latin1')).toBe('\x7fELF');
      // No node on PATH: the note beside the copies names the hub's.
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: '/nowhere' };
      delete env.NODE_EXTRA_CA_CERTS;
      expect(spawnSync(bin, ['--version'], { env, encoding: 'utf8' }).stdout.trim()).toBe(
        `${version} (native client)`,
      );
      const help = spawnSync(tmux, ['--help'], { env, encoding: 'utf8' });
      expect(help.status, help.stderr).toBe(0);
      expect(help.stdout).toMatch(/\$ botster-tui tmux /);
      // One program under two names (a link): 850 KB once, not twice.
      expect(fs.statSync(tmux).ino).toBe(fs.statSync(bin).ino);
    },
  );
});
