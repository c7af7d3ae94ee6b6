import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { until } from '../support/hub.js';
import { run, screen, stoppedAfterEach, waitScreen, type Running } from '../support/cli-pty.js';
import { browsers, NO_BROWSER } from '../support/web/browser.js';
import {
  agentScreen,
  claudeEnv,
  claudeUser,
  hubAgents,
  hubCli,
  useMockModel,
} from '../support/real-claude.js';

// Issue 95 part 3, with real processes: a real Claude Code in its box (BOTSTER_TEST_CLIS) against
// the local mock model asks to run three commands, and the shipped policy's three rules
// (lua/default/permissions.lua) answer through Claude's PermissionRequest hook: `npm test` runs
// with no dialog, `cat ~/.ssh/id_rsa` is denied and the model's tool result says why, `git push`
// is left to you: Claude's own dialog shows, and you answer "allow always for this agent" from
// the web page in Debian's chromium at a phone's size. Its identical next question is then
// allowed by the rules with no dialog. The hub log names each rule. (A dialog nobody answers
// would hold the turn: the commands' results reaching the model is the proof that none showed.)

const CLIS = process.env.BOTSTER_TEST_CLIS;
const has = (cli: string) => !!CLIS && fs.existsSync(path.join(CLIS, cli));
const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;
const git = (cwd: string, ...args: string[]) =>
  spawnSync('git', ['-C', cwd, '-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { encoding: 'utf8' });
const LOGIN = /http:\/\/127\.0\.0\.1:\d+\/login\?token=[\w-]+/;
const PUSH = 'git push . HEAD:refs/heads/pushed';

/**
 * Opens the web's question at the hub's terminal (Ctrl+g o opens the oldest): a host its box asks
 * about before it (Claude reaches downloads.claude.ai at its start) is refused on the way.
 */
async function openWebQuestion(r: Running): Promise<void> {
  for (let i = 0; i < 5; i++) {
    r.pty.write('\x07o');
    const s = await waitScreen(r, /show it here|asks to reach/, 20000);
    if (/show it here/.test(s)) return;
    r.pty.write('refuse\r');
    await until('the host question answered', () => !/asks to reach/.test(screen(r.term)), 10000);
  }
  throw new Error('no web question at the hub');
}

describe.skipIf(!has('claude') || !hasBwrap || NO_BROWSER)(
  'permission questions through your rules, a real Claude Code (BOTSTER_TEST_CLIS)',
  () => {
    const { running, homes } = stoppedAfterEach();
    const models = useMockModel();
    const browser = browsers();

    it('allows npm test with no dialog, denies ~/.ssh with its reason to the model, asks for git push: answered "allow always" on the phone-sized web page; each rule logged', async () => {
      const { home, user, work } = claudeUser();
      homes.push(home);
      git(path.dirname(work), 'init', '-q', work);
      fs.writeFileSync(
        path.join(work, 'package.json'),
        '{"name":"w","scripts":{"test":"echo TESTS-PASSED"}}\n',
      );
      // (npm asks its registry for a newer npm: a host the box would ask you about)
      fs.writeFileSync(path.join(work, '.npmrc'), 'update-notifier=false\n');
      git(work, 'add', '-A');
      git(work, 'commit', '-qm', 'init');
      fs.mkdirSync(path.join(user, '.ssh'), { mode: 0o700 });
      fs.writeFileSync(path.join(user, '.ssh', 'id_rsa'), 'SECRET-KEY\n');
      // The shipped rules as they are; the box reaches the mock model (127.0.0.2) through the proxy.
      fs.mkdirSync(path.join(home, 'user'), { recursive: true });
      fs.writeFileSync(
        path.join(home, 'user', 'hooks.lua'),
        'sandbox.boxes.default.network = { allow = { "127.0.0.2" } }\n',
      );
      const model = await models.start(
        [
          { tool: 'Bash', input: { command: 'npm test', description: 'Run the tests' } },
          { tool: 'Bash', input: { command: 'cat ~/.ssh/id_rsa', description: 'Read the key' } },
          { tool: 'Bash', input: { command: PUSH, description: 'Push it' } },
          { tool: 'Bash', input: { command: PUSH, description: 'Push it again' } },
          { text: 'All done here.' },
        ],
        '127.0.0.2',
      );
      const env = claudeEnv(user, CLIS!, `http://127.0.0.2:${model.port}`);
      const r = run(['--home', home, '--agent', 'claude'], 120, 40, { env, cwd: work });
      running.push(r);
      await waitScreen(r, /❯/, 60000);
      await until('its box', () => hubAgents(home)[0]?.box?.name === 'default', 10000);
      // A first start may offer auto mode: keep asking, as its settings say.
      if (/auto mode/.test(agentScreen(home, '1'))) {
        hubCli(home, 'send', '1', '--keys', 'down');
        await until('the offer took the key', () => /❯ No/.test(agentScreen(home, '1')), 10000);
        hubCli(home, 'send', '1', '--keys', 'enter');
      }

      // The web, the user's way: the address shown at the hub's terminal, opened on a phone.
      expect(hubCli(home, 'web').status).toBe(0);
      await waitScreen(r, /Ctrl\+g o answers it/, 20000);
      await openWebQuestion(r);
      r.pty.write('\r');
      const login = LOGIN.exec(await waitScreen(r, LOGIN, 20000))![0];
      r.pty.write('q');
      const page = await browser({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      await page.goto(login);
      await page.waitForSelector('#agent_1');

      // (its MCP servers connect a moment after its prompt shows)
      await new Promise((res) => setTimeout(res, 4000));
      expect(hubCli(home, 'send', '1', 'run the three commands').status).toBe(0);
      await new Promise((res) => setTimeout(res, 300));
      expect(hubCli(home, 'send', '1', '--keys', 'enter').status).toBe(0);

      // Allowed: it ran with no dialog (nobody would have answered one). Denied: the model is told why.
      const result = (word: string) => model.results().find((t) => t.includes(word)) ?? '';
      await until('npm test ran', () => result('TESTS-PASSED') !== '', 90000);
      await until('the deny reached the model', () => result('denied this') !== '', 60000);
      expect(result('denied this')).toBe(
        'The user\'s permission rules in the hub denied this (rule "ssh keys"): your SSH keys are not for agents to read or change',
      );
      expect(model.results().join('\n')).not.toContain('SECRET-KEY');

      // Asked: Claude's dialog, and the card on the phone offers the three answers for `git push`.
      await waitScreen(r, /Do you want to proceed/, 60000);
      const card = page.locator('#agent_1 form.permission');
      await card.waitFor({ timeout: 30000 });
      expect(await card.locator('.asks').innerText()).toBe(`Bash: ${PUSH}`);
      expect(await card.locator('button').allInnerTexts()).toEqual([
        'allow once',
        'allow always for this agent',
        'deny',
      ]);
      const box = await card.locator('button[value="always"]').boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      // (Claude Code drops a key that comes as its dialog opens)
      await new Promise((res) => setTimeout(res, 1500));
      await card.locator('button[value="always"]').tap();

      // It pushed, and its identical next question was the rules' allow: no dialog, and its turn ends.
      await until(
        'it pushed twice',
        () => model.results().filter((t) => /up-to-date|pushed/.test(t)).length >= 2,
        90000,
      );
      await waitScreen(r, /All done here/, 60000);
      expect(git(work, 'branch', '--list', 'pushed').stdout).toContain('pushed');
      await page.waitForSelector('#agent_1 form.permission', { state: 'detached', timeout: 30000 });
      expect(screen(r.term)).not.toMatch(/Do you want to proceed/);

      // (the log is written as it goes: each line is waited for)
      const log = path.join(home, 'logs', 'hub.log');
      const said = (re: RegExp) =>
        until(`the log says ${re}`, () => fs.existsSync(log) && re.test(fs.readFileSync(log, 'utf8')), 10000);
      await said(/permission: agent 1 \(claude\) asks Bash "npm test": allow \(rule "tests and status"/);
      await said(/permission: agent 1 \(claude\) asks Bash "cat ~\/\.ssh\/id_rsa": deny \(rule "ssh keys"/);
      await said(
        /permission: agent 1 \(claude\) asks Bash "git push \. HEAD:refs\/heads\/pushed": ask \(rule "push"/,
      );
      await said(
        /permission: agent 1 \(claude\) Bash "git push \. HEAD:refs\/heads\/pushed": allowed always by you/,
      );
      await said(/asks Bash "git push \. HEAD:refs\/heads\/pushed": allow \(rule "always for this agent"/);
    }, 360000);
  },
);
