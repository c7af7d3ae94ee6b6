import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { until } from '../support/hub.js';
import { run, screen, stoppedAfterEach } from '../support/cli-pty.js';
import { claudeEnv, claudeUp, claudeUser, hubAgents, hubCli, useMockModel } from '../support/real-claude.js';

// A model or gateway on your own loopback (ANTHROPIC_BASE_URL=http://127.0.0.1:PORT, as a local
// LLM gateway or ollama listens): a real Claude Code in its box (BOTSTER_TEST_CLIS) reaches it once
// the box's allow list names 127.0.0.1:PORT (inside the box that address is the box's own
// loopback, where its bridge listens and tunnels to yours through the hub's proxy). It used to
// reach nothing there (docs/security.md, "Boxes: network").

const CLIS = process.env.BOTSTER_TEST_CLIS;
const has = (cli: string) => !!CLIS && fs.existsSync(path.join(CLIS, cli));
const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;

describe.skipIf(!has('claude') || !hasBwrap)(
  'a boxed Claude Code and a model on your loopback (BOTSTER_TEST_CLIS)',
  () => {
    const { running, homes } = stoppedAfterEach();
    const models = useMockModel();

    it('answers through 127.0.0.1:PORT, which its box allows', async () => {
      const { home, user, work } = claudeUser();
      homes.push(home);
      const model = await models.start([{ text: 'Hello from your own machine.' }], '127.0.0.1');
      fs.mkdirSync(path.join(home, 'user'), { recursive: true });
      fs.writeFileSync(
        path.join(home, 'user', 'hooks.lua'),
        `sandbox.boxes.default.network = { allow = { "127.0.0.1:${model.port}" } }\n`,
      );
      const env = claudeEnv(user, CLIS!, `http://127.0.0.1:${model.port}`);
      const r = run(['--home', home, '--agent', 'claude'], 140, 40, { env, cwd: work });
      running.push(r);
      await until('claude is up', () => /❯/.test(screen(r.term)), 60000);
      await until('its box', () => hubAgents(home)[0]?.box?.name === 'default', 10000);
      await claudeUp(home, '1');
      hubCli(home, 'send', '1', 'hello');
      await new Promise((res) => setTimeout(res, 300));
      hubCli(home, 'send', '1', '--keys', 'enter');
      await until(
        'its answer',
        () => /Hello from your own machine/.test(hubCli(home, 'read', '1').stdout),
        60000,
      ).catch((e: Error) => {
        throw new Error(`${e.message}\n${screen(r.term)}\n${hubCli(home, 'read', '1').stdout}`);
      });
      expect(model.requests.length).toBeGreaterThan(0);
    }, 180000);
  },
);
