// The recipes of docs/lua/recipes.md, as the page shows them, in a fresh home: the ntfy push
// against a loopback server, the CI piece against a loopback "GitHub" and a real repository, the
// pull request command with real git (a real remote) and a stand-in `gh`.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Script } from '../support/scripted-pty.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** A screen is read once it stood still (the status schedule's settle time). */
const SETTLED = 400;

/** The recipe saved as `user/NAME.lua` on the page. */
function recipe(name: string): string {
  const page = fs.readFileSync(path.join(ROOT, 'docs/lua/recipes.md'), 'utf8');
  const block = [...page.matchAll(/```lua\n([\s\S]*?)```/g)]
    .map((m) => m[1])
    .find((b) => b.startsWith(`-- ~/.botster/user/${name}.lua`));
  if (!block) throw new Error(`docs/lua/recipes.md has no user/${name}.lua`);
  return block;
}

const servers: http.Server[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function serve(handler: (req: http.IncomingMessage, body: string) => [number, string]) {
  const seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const [status, text] = handler(req, body);
      res.writeHead(status).end(text);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function tmp(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** A repository with one commit on `branch` and `origin` at `remote`. */
function repo(branch: string, remote: string): string {
  const dir = tmp('botster-recipe-');
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'pipe' });
  git('init', '-q', '-b', branch);
  git('-c', 'user.name=T', '-c', 'user.email=t@x', 'commit', '-q', '--allow-empty', '-m', 'work');
  git('remote', 'add', 'origin', remote);
  return dir;
}

const bell: Script = (pty) => pty.print('Proceed? \x07');

describe('docs/lua/recipes.md', () => {
  it('ntfy: a push when an agent starts waiting, with its name and what it asks', async () => {
    const srv = await serve(() => [200, '{}']);
    const source = recipe('ntfy').replace('https://ntfy.sh/botster-change-me-7f3a9c', `${srv.url}/my-topic`);
    const t = await hubs.scripted({
      files: { 'user/ntfy.lua': source },
      agents: [{ command: 'asker', name: 'asker' }],
      scripts: { asker: bell },
    });
    await t.advance(SETTLED);
    await t.until(() => t.hub.appData().agents[0].state === 'waiting', 'asker waiting');
    await t.until(() => srv.seen.length > 0, 'the push');
    expect(srv.seen[0]).toMatchObject({
      method: 'POST',
      url: '/my-topic',
      headers: { title: 'asker is waiting', tags: 'hourglass' },
    });
    expect(srv.seen[0].body).not.toBe('');
    expect(t.hub.state.configError).toBeNull();
  });

  it("CI: the newest run of the focused agent's branch, in the status bar", async () => {
    const srv = await serve((req) =>
      req.url === '/repos/octo/app/actions/runs?branch=feature&per_page=1'
        ? [200, JSON.stringify({ workflow_runs: [{ status: 'completed', conclusion: 'success' }] })]
        : [404, '{}'],
    );
    const dir = repo('feature', 'git@github.com:octo/app.git');
    const source = recipe('ci').replace('"https://api.github.com"', JSON.stringify(srv.url));
    const t = await hubs.scripted({
      files: { 'user/ci.lua': source },
      agents: [
        { command: 'cat', name: 'one', cwd: dir },
        { command: 'cat', name: 'two', cwd: dir },
      ],
    });
    await t.press('\x07j'); // the focus moves: the piece's file checks the branch's CI
    await t.frame(/CI ✓/);
    expect(srv.seen[0].headers.accept).toBe('application/vnd.github+json');
  });

  it("pr.create: pushes the branch to origin and runs gh pr create in the agent's folder", async () => {
    const remote = tmp('botster-remote-');
    execFileSync('git', ['init', '-q', '--bare', remote]);
    const dir = repo('my-change', remote);
    // A stand-in for GitHub's CLI, first on PATH: it prints the PR's address it would make.
    const bin = tmp('botster-bin-');
    fs.writeFileSync(
      path.join(bin, 'gh'),
      '#!/bin/sh\necho "$@" > "$PWD/.gh-args"\necho https://github.com/octo/app/pull/7\n',
      { mode: 0o755 },
    );
    const oldPath = process.env.PATH;
    process.env.PATH = `${bin}:${oldPath}`;
    let t;
    try {
      t = await hubs.scripted({
        files: { 'user/pr.lua': recipe('pr') },
        agents: [{ command: 'cat', cwd: dir }],
      });
    } finally {
      process.env.PATH = oldPath; // (the hub's Lua worker took its copy)
    }
    await t.hub.runCommand('pr.create');
    await t.until(
      () => /opened https:\/\/github\.com\/octo\/app\/pull\/7/.test(t.hub.state.notice?.text ?? ''),
      'the PR',
    );
    expect(fs.readFileSync(path.join(dir, '.gh-args'), 'utf8')).toBe('pr create --fill --head my-change\n');
    expect(execFileSync('git', ['-C', remote, 'branch', '--list'], { encoding: 'utf8' })).toMatch(
      /my-change/,
    );
  });
});
