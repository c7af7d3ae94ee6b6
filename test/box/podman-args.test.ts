import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BoxError, boxOf, type Box } from '../../src/box/box.js';
import { boxRunnerProblem } from '../../src/box/box-runner.js';
import { devcontainerImage, jsonc } from '../../src/box/devcontainer.js';
import { containerName, podmanArgs } from '../../src/box/podman-args.js';
import { boxPlan } from '../../src/box/box-plan.js';

// A container box's arguments for podman (no podman needed here: test/box/podman-box.test.ts runs
// one), its checks, and its image from a devcontainer.json.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'podman-args-'));
  dirs.push(d);
  return d;
}

const box = (over: Partial<Box> = {}): Box => ({
  name: 'pod',
  runner: 'podman',
  image: 'botster-test-box',
  network: false,
  read: 'all',
  write: [],
  hide: ['~/.ssh/', '~/.netrc'],
  protect: [],
  env: { CLI_HOME: '~/.cli' },
  unset: ['SSH_AUTH_SOCK'],
  ...over,
});

/** The --mount values, and the rest. */
function split(args: string[]): { mounts: string[]; flags: string[] } {
  const mounts: string[] = [];
  const flags: string[] = [];
  for (let i = 0; i < args.length; i++)
    if (args[i] === '--mount') mounts.push(args[++i]);
    else flags.push(args[i]);
  return { mounts, flags };
}

describe('boxOf: a container box', () => {
  it('takes runner podman with an image, or devcontainer', () => {
    expect(boxOf({ runner: 'podman', image: 'localhost/x:1' })).toMatchObject({
      runner: 'podman',
      image: 'localhost/x:1',
    });
    expect(boxOf({ runner: 'podman', devcontainer: true, mount: ['/usr'] })).toMatchObject({
      devcontainer: true,
      mount: ['/usr'],
    });
  });

  it('refuses what is not one', () => {
    expect(() => boxOf({ runner: 'podman' })).toThrow(/needs its image/);
    expect(() => boxOf({ runner: 'docker', image: 'x' })).toThrow(BoxError);
    for (const image of ['--privileged', 'a b', 'x;rm', '', '../x', 'a/../b'])
      expect(() => boxOf({ runner: 'podman', image }), image).toThrow(/sandbox.image/);
    expect(() => boxOf({ image: 'x' })).toThrow(/runner = "podman"/);
    expect(() => boxOf({ runner: 'podman', image: 'x', mount: ['usr'] })).toThrow(/mount/);
  });
});

describe('podmanArgs', () => {
  it('mounts its folder, your home read-only without its secrets, and of the hub only what hooks need', () => {
    const user = tmp();
    const cwd = path.join(user, 'w');
    const hub = path.join(user, '.botster');
    const caches = path.join(user, '.cache', 'botster-tui');
    for (const d of [cwd, path.join(user, '.ssh'), path.join(hub, 'bin'), path.join(hub, 'hooks'), caches])
      fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(user, '.netrc'), 'secret');
    fs.writeFileSync(path.join(hub, 'hub.sock'), '');
    fs.mkdirSync(path.join(hub, 'box-socket'));
    const plan = boxPlan(
      box(),
      { cwd, home: user, hub: { home: hub, socket: path.join(hub, 'hub.sock') }, caches },
      { file: '/bin/sh', args: ['-c', 'exec sh'] },
      { API_KEY: 'sk-1', PATH: '/x', SSH_AUTH_SOCK: '/s' },
    );
    const args = podmanArgs(plan, { id: '7', name: 'botster-x-7', hub: 'h', image: 'botster-test-box' });
    const { mounts, flags } = split(args);
    expect(mounts).toContain(`type=bind,src=${user},dst=${user},ro=true`);
    expect(mounts).toContain(`type=bind,src=${cwd},dst=${cwd}`);
    // hidden: empty (nothing of it copied in), or /dev/null
    expect(mounts).toContain(`type=tmpfs,dst=${path.join(user, '.ssh')},notmpcopyup`);
    expect(mounts).toContain(`type=bind,src=/dev/null,dst=${path.join(user, '.netrc')},ro=true`);
    expect(mounts).toContain(`type=tmpfs,dst=${hub},notmpcopyup`);
    // the hub's caches (code it runs): none of them
    expect(mounts).toContain(`type=tmpfs,dst=${caches},notmpcopyup`);
    expect(mounts).toContain(`type=bind,src=${hub}/bin,dst=${hub}/bin,ro=true`);
    expect(mounts).toContain(`type=bind,src=${hub}/hooks,dst=${hub}/hooks,ro=true`);
    // the socket through the folder each server links it into (read-only: it cannot be replaced)
    expect(mounts).toContain(`type=bind,src=${hub}/box-socket,dst=${hub}/box-socket,ro=true`);
    expect(flags).toContain(`BOTSTER_SOCKET=${hub}/box-socket/hub.sock`);
    expect(mounts).toContain(`type=bind,src=${hub}/hub.sock,dst=${hub}/hub.sock,ro=true`);
    for (const f of ['--rm', '-i', '-t', '--detach-keys=', '--init', '--read-only', 'no-new-privileges'])
      expect(flags).toContain(f);
    expect(args.join(' ')).toContain('--cap-drop ALL');
    expect(args.join(' ')).toContain('--network none');
    expect(args.join(' ')).toContain(`--workdir ${cwd}`);
    expect(args.join(' ')).toContain('--name botster-x-7');
    // variables by name (their values stay off the command line); not the host's PATH nor what it unsets
    expect(args.join(' ')).toContain('--env API_KEY ');
    expect(args.join(' ')).not.toContain('sk-1');
    expect(args.join(' ')).not.toMatch(/--env (PATH|SSH_AUTH_SOCK)\b/);
    expect(args.join(' ')).toContain(`--env CLI_HOME=${user}/.cli`);
    // the image, then the hub's bin/ first on its PATH, then the command
    const at = args.indexOf('botster-test-box');
    expect(args.slice(at - 2, at)).toEqual(['--entrypoint', '[]']);
    expect(args.slice(at + 1, at + 3)).toEqual(['/bin/sh', '-c']);
    expect(args[at + 4]).toBe(`${hub}/bin`);
    expect(args.slice(at + 5)).toEqual(['/bin/sh', '-c', 'exec sh']);
  });

  it('reads no home of yours unless the box reads all; no network of its own (the hub proxy, with network)', () => {
    const user = tmp();
    const cwd = path.join(user, 'w');
    fs.mkdirSync(path.join(user, '.ssh'), { recursive: true });
    fs.mkdirSync(cwd);
    const args = podmanArgs(
      boxPlan(
        box({ read: 'folder', network: true, mount: ['/usr'] }),
        { cwd, home: user },
        { file: 'sh', args: [] },
      ),
      { id: '1', name: 'n', hub: 'h', image: 'i' },
    );
    const { mounts } = split(args);
    expect(mounts).not.toContain(`type=bind,src=${user},dst=${user},ro=true`);
    expect(mounts).toContain('type=bind,src=/usr,dst=/usr,ro=true');
    // not seen anyway: no mount hides it
    expect(mounts.some((m) => m.includes('.ssh'))).toBe(false);
    // (with network, through the hub's proxy: box-net.ts; test/box/box-net.test.ts runs it)
    expect(args.join(' ')).toContain('--network none');
  });

  it('quotes a path with a comma for --mount', () => {
    const user = tmp();
    const cwd = path.join(user, 'a,b');
    fs.mkdirSync(cwd);
    const { mounts } = split(
      podmanArgs(boxPlan(box({ read: 'folder' }), { cwd, home: user }, { file: 'sh', args: [] }), {
        id: '1',
        name: 'n',
        hub: 'h',
        image: 'i',
      }),
    );
    expect(mounts).toContain(`type=bind,"src=${cwd}","dst=${cwd}"`);
  });

  it("names each start's container anew, of its hub and agent", () => {
    const a = containerName({ home: '/h', hub: { home: '/h/.botster' } }, '3');
    const b = containerName({ home: '/h', hub: { home: '/h/.botster' } }, '3');
    expect(a).toMatch(/^botster-[0-9a-f]{10}-3-[a-z0-9]+$/);
    expect(a).not.toBe(b);
    expect(a.slice(0, 20)).toBe(b.slice(0, 20));
  });
});

describe('a container box without podman', () => {
  it('is one line that says so, and the agent does not start', () => {
    const no = boxRunnerProblem('/nonexistent', { runner: 'podman', image: 'x' });
    if (process.platform === 'linux') expect(no).toMatch(/needs podman/);
    else expect(no).toMatch(/Linux only/);
    expect(no).not.toContain('\n');
  });
});

describe('devcontainer.json', () => {
  it('reads its image (JSON with comments), from the folder up to its repository', () => {
    const repo = tmp();
    fs.mkdirSync(path.join(repo, '.git'));
    fs.mkdirSync(path.join(repo, '.devcontainer'));
    fs.mkdirSync(path.join(repo, 'src', 'deep'), { recursive: true });
    fs.writeFileSync(
      path.join(repo, '.devcontainer', 'devcontainer.json'),
      '// the dev box\n{\n  "name": "x // not a comment",\n  /* its image */ "image": "localhost/dev:1",\n}\n',
    );
    expect(devcontainerImage(path.join(repo, 'src', 'deep'))).toBe('localhost/dev:1');
    expect(jsonc('{"a": "/* kept */", "b": [1, 2,],}')).toEqual({ a: '/* kept */', b: [1, 2] });
  });

  it('says why there is no image: none, or one it would have to build', () => {
    const repo = tmp();
    fs.mkdirSync(path.join(repo, '.git'));
    expect(() => devcontainerImage(repo)).toThrow(/has none/);
    fs.writeFileSync(path.join(repo, '.devcontainer.json'), '{ "build": { "dockerfile": "Dockerfile" } }');
    expect(() => devcontainerImage(repo)).toThrow(/builds its image, which the hub does not do: build it/);
    expect(
      boxRunnerProblem(undefined, { runner: 'podman', devcontainer: true }, repo) ?? 'no podman',
    ).toMatch(/builds its image|podman/);
  });
});
