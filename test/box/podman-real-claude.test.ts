import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { until } from '../support/hub.js';
import { run, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { claudeEnv, claudeUser, hubAgents, hubCli, useMockModel } from '../support/real-claude.js';
import { IMAGE, hasPodman, luaMounts, ours, usePodman } from '../support/podman.js';
import { hubTag } from '../../src/box/podman-args.js';

// A real Claude Code in a container box (runner = "podman", an image made here from local files):
// against a local mock model reached through the container's network, it edits a file in its
// folder, runs a command and commits, its hooks report when it asks and when it is done, and the
// hub's MCP tools answer from inside the container; the container goes with the agent. The CLI
// comes from npm (BOTSTER_TEST_CLIS names its bin folder, mounted read-only into the container).

const CLIS = process.env.BOTSTER_TEST_CLIS;
const has = (cli: string) => !!CLIS && fs.existsSync(path.join(CLIS, cli));

const agents = hubAgents;

describe.skipIf(!has('claude') || !hasPodman)(
  'a real Claude Code in a container box (BOTSTER_TEST_CLIS)',
  () => {
    const { running, homes } = stoppedAfterEach();
    const podman = usePodman();
    const models = useMockModel();

    it('edits, commits and reports from its container; the hub tools answer there', async () => {
      const { home, user, work } = claudeUser();
      homes.push(home);
      spawnSync('git', ['init', '-q', work]);
      const { conf, env: podEnv } = podman.prepare(user);
      // The CLI's package folder, read-only, where it is on the host (its bin on the PATH it keeps).
      const cliRoot = path.dirname(fs.realpathSync(CLIS!));
      fs.mkdirSync(path.join(home, 'user'), { recursive: true });
      fs.writeFileSync(
        path.join(home, 'user', 'hooks.lua'),
        [
          `sandbox.boxes.pod = { runner = "podman", image = "${IMAGE}", mount = ${luaMounts([cliRoot])}, read = "all", env = { PATH = "${CLIS}:/usr/local/bin:/usr/bin:/bin" } }`,
          'function sandbox.choose(agent) return agent.program == "claude" and "pod" or false end',
          '',
        ].join('\n'),
      );
      podman.track(hubTag({ home: user, hub: { home } }));
      // The model listens where the container reaches the host (podman's host.containers.internal).
      const model = await models.start(
        [
          { tool: 'agent_list', input: {} },
          {
            tool: 'Write',
            input: { file_path: path.join(work, 'notes.md'), content: 'written in a container\n' },
          },
          {
            tool: 'Bash',
            input: {
              command:
                'echo contained > made.txt && git add made.txt && git -c user.email=t@t -c user.name=t commit -qm contained && echo COMMITTED',
              description: 'Commit a file',
            },
          },
          { text: 'All done here.' },
        ],
        '0.0.0.0',
      );
      const env = claudeEnv(user, CLIS!, `http://host.containers.internal:${model.port}`, {
        NO_PROXY: '127.0.0.1,host.containers.internal',
        CONTAINERS_CONF: conf,
      });
      const r = run(['--home', home, '--agent', 'claude'], 120, 40, { env, cwd: work });
      running.push(r);
      await waitScreen(r, /❯/, 90000);
      await until('its container box', () => agents(home)[0]?.box?.runner === 'podman', 10000);
      await until(
        'its container',
        () => ours(hubTag({ home: user, hub: { home } }), podEnv).length === 1,
        10000,
      );
      await new Promise((res) => setTimeout(res, 4000)); // its MCP servers connect after its prompt
      r.pty.write('commit a file');
      await new Promise((res) => setTimeout(res, 300));
      r.pty.write('\r');
      const result = (word: string) => model.results().find((t) => t.includes(word)) ?? '';
      await waitScreen(r, /Do you want to (create|make this edit|proceed)/, 90000);
      r.pty.write('\r');
      await until('its edit', () => fs.existsSync(path.join(work, 'notes.md')), 60000);
      expect(fs.readFileSync(path.join(work, 'notes.md'), 'utf8')).toBe('written in a container\n');
      await waitScreen(r, /Do you want to proceed/, 90000);
      // Its Notification hook, through the hub's socket from inside the container.
      await until('asking before it commits', () => agents(home)[0]?.state === 'waiting', 20000);
      r.pty.write('\r');
      await until('committed', () => result('COMMITTED') !== '', 60000);
      await waitScreen(r, /All done here/, 60000);
      await until(
        'done (its Stop hook)',
        () => ['done', 'idle'].includes(agents(home)[0]?.state ?? ''),
        20000,
      );
      expect(model.tools()).toEqual(expect.arrayContaining(['mcp__botster__agent_list']));
      expect(model.results().some((t) => t.includes('"agents"') && t.includes('claude'))).toBe(true);
      expect(spawnSync('git', ['-C', work, 'log', '--format=%s'], { encoding: 'utf8' }).stdout).toContain(
        'contained',
      );
      expect(hubCli(home, 'kill', '1').status).toBe(0);
      await until(
        'no container left',
        () => ours(hubTag({ home: user, hub: { home } }), podEnv).length === 0,
        30000,
      );
    }, 300000);
  },
);
