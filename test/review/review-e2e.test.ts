// Review comments through the real CLI and a real hub server: made with `botster-tui review
// comment`, one made stale by a change; the server is killed with SIGKILL and the next one (its
// keeper's agent adopted) still has them all; `review send` types them into the recording CLI as
// one bracketed paste; its edit of a line shows that comment handled.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { exec } from '../support/fleet.js';
import { BIN, killKeepers, killServer } from '../support/cli-pty.js';
import { tempHome, until } from '../support/hub.js';

const RECORD_CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), 'record-cli.mjs');
const started: Array<{ home: string; child: ChildProcess }> = [];
afterEach(() => {
  for (const { home, child } of started.splice(0)) {
    child.kill('SIGKILL');
    killServer(home);
    killKeepers(home);
  }
});

function server(home: string, cwd: string): void {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', BOTSTER_HOME: home };
  delete env.BOTSTER_SOCKET;
  delete env.BOTSTER_AGENT_ID;
  const child = spawn(process.execPath, [BIN, 'server', '--home', home, '--agent', 'cat'], {
    cwd,
    env,
    stdio: 'ignore',
  });
  started.push({ home, child });
}

const serverPid = async (home: string) =>
  (
    JSON.parse((await exec(process.execPath, [BIN, 'ls', '--json', '--home', home], {})).stdout) as {
      pid: number;
    }
  ).pid;

describe('review comments through the CLI and a real server', () => {
  it("survive kill -9 of the server; send types one paste; the agent's edit shows handled", async () => {
    const root = tempHome();
    const home = path.join(root, '.botster');
    const repo = path.join(root, 'repo');
    fs.mkdirSync(repo);
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', repo, '-c', 'user.email=t@t', '-c', 'user.name=t', ...args], {
        stdio: 'ignore',
      });
    git('init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(repo, 'app.js'), 'const a = 1;\nconst b = 2;\n');
    fs.writeFileSync(path.join(repo, 'lib.js'), 'export const c = 1;\n');
    git('add', '.');
    git('commit', '-q', '-m', 'start');
    const log = path.join(root, 'got.jsonl');
    const env = { BOTSTER_HOME: home };
    const cli = (...args: string[]) => exec(process.execPath, [BIN, ...args], env, { cwd: repo });
    // The recording CLI stands for an agent CLI: this home says it reads the prompts the hub types
    // (prompts.reads ships with only the programs a CLI file knows).
    fs.mkdirSync(path.join(home, 'user'), { recursive: true });
    fs.writeFileSync(
      path.join(home, 'user', 'prompts.lua'),
      'local reads = prompts.reads\nfunction prompts.reads(ev) if (ev.agent.program or ""):match("^record") then return true end return reads(ev) end\n',
    );
    server(home, root);
    await until('the server answers', () => fs.existsSync(path.join(home, 'hub.sock')), 20000);
    // (the agent runs in the server's environment: its edit goes in its command line)
    const made = await cli(
      'new',
      '--name',
      'worker',
      '--worktree',
      'w',
      '--json',
      '--',
      'env',
      'RECORD_EDIT=lib.js:1:export const c = 9;',
      process.execPath,
      RECORD_CLI,
      log,
    );
    expect(made.stderr).toBe('');
    const wt = JSON.parse(made.stdout).agent.cwd as string;
    fs.writeFileSync(path.join(wt, 'app.js'), 'const a = 1;\nconst b = 3;\n');
    fs.writeFileSync(path.join(wt, 'lib.js'), 'export const c = 2;\n');
    for (const [at, text] of [
      ['lib.js:1', 'why 2'],
      ['app.js:2', 'why 3'],
      ['app.js:1', 'keep this'],
    ]) {
      const r = await cli('review', 'comment', 'worker', at, text);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    fs.writeFileSync(path.join(wt, 'app.js'), 'const a = 7;\nconst b = 3;\n');
    const list = async () => (await cli('review', 'comments', 'worker')).stdout;
    expect(await list()).toBe(
      'c1  lib.js:1  new  why 2\nc2  app.js:2  new  why 3\nc3  app.js:1  stale  keep this\n',
    );

    process.kill(await serverPid(home), 'SIGKILL');
    server(home, root);
    await until(
      'the next server answers with the agent adopted',
      async () => (await list()).startsWith('c1'),
      30000,
    );
    expect(await list()).toBe(
      'c1  lib.js:1  new  why 2\nc2  app.js:2  new  why 3\nc3  app.js:1  stale  keep this\n',
    );

    const sent = await cli('review', 'send', 'worker', '--busy', 'now', '--json');
    expect(sent.stderr).toBe('');
    expect(JSON.parse(sent.stdout)).toMatchObject({ ok: true, sent: 3 });
    await until(
      'Enter came',
      () => fs.existsSync(log) && fs.readFileSync(log, 'utf8').includes('"\\r"'),
      10000,
    );
    const got = fs
      .readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as string)
      .join('');
    expect(got.split('\x1b[200~')).toHaveLength(2);
    const prompt = /\x1b\[200~([\s\S]*)\x1b\[201~\r$/.exec(got)![1];
    // the diff's order: app.js (1, 2), then lib.js
    expect(prompt.indexOf('1. app.js:1')).toBeLessThan(prompt.indexOf('2. app.js:2'));
    expect(prompt.indexOf('2. app.js:2')).toBeLessThan(prompt.indexOf('3. lib.js:1'));
    expect(prompt).toContain('keep this\n(stale:');
    await until('the agent changed lib.js', () =>
      fs.readFileSync(path.join(wt, 'lib.js'), 'utf8').includes('9'),
    );
    await until(
      'that comment is handled',
      async () => (await list()).includes('c1  lib.js:1  handled'),
      10000,
    );
    expect(await list()).toBe(
      'c1  lib.js:1  handled  why 2\nc2  app.js:2  sent  why 3\nc3  app.js:1  sent  keep this\n',
    );
  }, 120000);
});

describe('a removed line from the CLI', () => {
  it('"FILE:LINE (removed)" comments it; review comments names it apart from the added line of that number', async () => {
    const root = tempHome();
    const home = path.join(root, '.botster');
    const repo = path.join(root, 'repo');
    fs.mkdirSync(repo);
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', repo, '-c', 'user.email=t@t', '-c', 'user.name=t', ...args], {
        stdio: 'ignore',
      });
    git('init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(repo, 'app.js'), 'const a = 1;\nconst b = 2;\n');
    git('add', '.');
    git('commit', '-q', '-m', 'start');
    const cli = (...args: string[]) =>
      exec(process.execPath, [BIN, ...args], { BOTSTER_HOME: home }, { cwd: repo });
    server(home, root);
    await until('the server answers', () => fs.existsSync(path.join(home, 'hub.sock')), 20000);
    const made = await cli('new', '--name', 'worker', '--worktree', 'w', '--json', '--', 'cat');
    expect(made.stderr).toBe('');
    const wt = JSON.parse(made.stdout).agent.cwd as string;
    fs.writeFileSync(path.join(wt, 'app.js'), 'const a = 1;\nconst b = 3;\n');
    const removed = await cli('review', 'comment', 'worker', 'app.js:2 (removed)', 'why drop 2');
    expect(removed).toMatchObject({ status: 0, stderr: '', stdout: 'c1  app.js:2 (removed)  new\n' });
    const added = await cli('review', 'comment', 'worker', 'app.js:2', 'why 3');
    expect(added).toMatchObject({ status: 0, stderr: '', stdout: 'c2  app.js:2  new\n' });
    // line 1 is no removed line: a usage error that says which are
    const none = await cli('review', 'comment', 'worker', 'app.js:1 (removed)', 'no');
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/the diff removes no line 1 of app\.js \(it removes 2\)/);
    expect((await cli('review', 'comments', 'worker')).stdout).toBe(
      'c1  app.js:2 (removed)  new  why drop 2\nc2  app.js:2  new  why 3\n',
    );
    const json = JSON.parse((await cli('review', 'comments', 'worker', '--json')).stdout) as {
      comments: Array<{ side: string; snippet: string[] }>;
    };
    expect(json.comments.map((c) => [c.side, c.snippet])).toEqual([
      ['old', ['-const b = 2;']],
      ['new', ['+const b = 3;']],
    ]);
    const help = await cli('review', '--help');
    expect(help.stdout).toContain('"FILE:LINE[-LINE] (removed)"');
  }, 60000);
});
