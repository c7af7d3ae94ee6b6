import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ptyEnv, run, stoppedAfterEach, userCli, waitScreen } from '../support/cli-pty.js';
import { hubTag } from '../../src/box/podman-args.js';
import { until } from '../support/wait.js';
import { IMAGE, hasPodman, luaMounts, ours, usePodman } from '../support/podman.js';

// A container box (runner = "podman") from a real hub: the agent runs in a container of an image
// made here from local files (scripts/podman-test-image.sh: no registry), with this machine's /usr
// mounted read-only for its sh, node and git. Its output and keys go through its keeper's PTY as
// any agent's; it writes its folder, does not see ~/.ssh, reports through the hub's socket (the
// kernel tells the hub it is the agent's, without BOTSTER_AGENT_ID), and leaves no container.

const { running, dotHome } = stoppedAfterEach();
const podman = usePodman();

/** The CLI as the user runs it from their own shell, against `home`'s hub. */
function cli(home: string, args: string[]) {
  const env = { ...process.env, CI: 'true', BOTSTER_HOME: home } as Record<string, string | undefined>;
  delete env.BOTSTER_SOCKET;
  delete env.BOTSTER_AGENT_ID;
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, timeout: 30000 });
}

// (CI installs podman: there the test runs, and fails if it cannot)
describe.skipIf(!hasPodman && !process.env.CI)('an agent in a container box', () => {
  it(
    'runs there, writes its folder only, reports to the hub, leaves nothing behind',
    { timeout: 180000 },
    async () => {
      const home = dotHome();
      const user = path.dirname(home);
      const { conf, env: podEnv } = podman.prepare(user);

      fs.mkdirSync(path.join(user, '.ssh'), { mode: 0o700 });
      fs.writeFileSync(path.join(user, '.ssh', 'id_rsa'), 'SECRET\n');
      const dir = path.join(user, 'w');
      const repo = path.join(user, 'repo');
      for (const d of [dir, path.join(repo, '.git'), path.join(repo, '.devcontainer')])
        fs.mkdirSync(d, { recursive: true });
      fs.writeFileSync(
        path.join(repo, '.devcontainer', 'devcontainer.json'),
        `// its box\n{ "image": "${IMAGE}", }\n`,
      );
      // Boxes of the user's Lua: one that reads your home (what is secret hidden), without network;
      // one of the repository's devcontainer.json.
      fs.mkdirSync(path.join(home, 'user'), { recursive: true });
      const mount = luaMounts();
      fs.writeFileSync(
        path.join(home, 'user', 'hooks.lua'),
        [
          `sandbox.boxes.pod = { runner = "podman", image = "${IMAGE}", mount = ${mount}, read = "all", network = false }`,
          `sandbox.boxes.devpod = { runner = "podman", devcontainer = true, mount = ${mount} }`,
          '',
        ].join('\n'),
      );
      const tag = hubTag({ home: user, hub: { home } });
      podman.track(tag);

      const env = ptyEnv({ HOME: user, SHELL: '/bin/sh', PS1: '$ ', CONTAINERS_CONF: conf });
      const hub = run(['--home', home], 100, 30, { env, cwd: dir });
      running.push(hub);
      await waitScreen(hub, / (NORMAL|INSERT) /);
      const started = Date.now();
      const r = cli(home, ['new', '--no-focus', '--cwd', dir, '--sandbox', 'pod', '--', 'sh']);
      expect(r.stdout + r.stderr).toMatch(/id:2/);
      const screen = () => userCli(home, ['read', '2']).stdout;
      await until('its prompt', () => /[#$] *$/m.test(screen()), 60000);
      const firstOutputMs = Date.now() - started;

      userCli(home, ['send', '2', 'echo inside-$((6*7))', '--keys', 'enter']);
      await until('its answer, read from the hub', () => /^inside-42$/m.test(screen()), 30000);
      expect(ours(tag, podEnv)).toHaveLength(1);

      const probe = [
        'echo made > made.txt',
        'cat ~/.ssh/id_rsa > ssh.out 2>&1',
        'ls ~/.botster > hub-home.out 2>&1',
        'env -u BOTSTER_AGENT_ID botster-tui whoami > who.out 2>&1',
        'echo done > probed',
      ].join('; ');
      userCli(home, ['send', '2', probe, '--keys', 'enter']);
      await until('probed', () => fs.existsSync(path.join(dir, 'probed')), 30000);
      expect(fs.readFileSync(path.join(dir, 'made.txt'), 'utf8')).toBe('made\n');
      expect(fs.readFileSync(path.join(dir, 'ssh.out'), 'utf8')).not.toContain('SECRET');
      // of the hub's home: its socket and what its hooks run, not your Lua, the log, session.json
      expect(
        fs.readFileSync(path.join(dir, 'hub-home.out'), 'utf8').split('\n').filter(Boolean).sort(),
      ).toEqual(['bin', 'box-socket', 'hooks', 'hub.sock'].filter((f) => fs.existsSync(path.join(home, f))));
      // the kernel's word (its line runs through its keeper), not the variable it dropped
      expect(fs.readFileSync(path.join(dir, 'who.out'), 'utf8')).toMatch(/^agent 2\b/);

      userCli(home, [
        'send',
        '2',
        'clear; botster-tui report --state waiting --reason from-the-box',
        '--keys',
        'enter',
      ]);
      const agent2 = () =>
        (JSON.parse(userCli(home, ['agents', '--json']).stdout) as Array<Record<string, unknown>>).find(
          (a) => a.id === '2',
        );
      await until('its report', () => agent2()?.reason === 'from-the-box', 30000);
      expect(agent2()).toMatchObject({
        state: 'waiting',
        box: { name: 'pod', runner: 'podman', image: IMAGE },
      });

      // The repository's devcontainer.json names the image.
      const d = cli(home, [
        'new',
        '--no-focus',
        '--cwd',
        repo,
        '--sandbox',
        'devpod',
        '--',
        'sh',
        '-c',
        'echo dev-$((2*3)); sleep 60',
      ]);
      expect(d.stdout + d.stderr).toMatch(/id:3/);
      await until('the devcontainer', () => /^dev-6$/m.test(userCli(home, ['read', '3']).stdout), 60000);

      // Killed: no container of ours is left.
      for (const id of ['2', '3']) expect(userCli(home, ['kill', id]).status).toBe(0);
      await until('no container left', () => ours(tag, podEnv).length === 0, 30000);
      console.log(`podman box: first output ${firstOutputMs} ms after new`);
    },
  );
});
