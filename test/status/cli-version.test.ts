// The release of the CLI an agent runs (src/status/cli-version.ts), read from real processes: an
// npm package's script (its package.json), a release-named install folder, and a script that
// only says it when asked `--version` (asked once per binary, the answer cached).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CliVersions, releaseBeside, releaseIn } from '../../src/status/cli-version.js';

const children: ChildProcess[] = [];
const versions: CliVersions[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const v of versions.splice(0)) v.dispose();
});

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'botster-cliver-'));

const waitFor = async (f: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** A running process of `argv`, as the foreground of an agent's terminal names it (its /proc argv: a script's interpreter first). */
async function run(argv: string[]) {
  const child = spawn(argv[0], argv.slice(1), { stdio: 'ignore' });
  children.push(child);
  const pid = child.pid!;
  const cmdline = () => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  // Until it has exec'd, /proc shows node's own fork.
  await waitFor(() => cmdline().includes(argv[argv.length - 1]));
  return { pgid: pid, pid, argv: cmdline() };
}

describe('the running CLI release', () => {
  it('an npm package: the package.json above its script, without running it', async () => {
    const d = dir();
    fs.mkdirSync(path.join(d, 'node_modules/opencode-ai/bin'), { recursive: true });
    fs.writeFileSync(
      path.join(d, 'node_modules/opencode-ai/package.json'),
      '{"name":"opencode-ai","version":"0.5.29"}',
    );
    const script = path.join(d, 'node_modules/opencode-ai/bin/opencode.js');
    fs.writeFileSync(
      script,
      'setTimeout(() => {}, 30000);\nif (process.argv.includes("--version")) throw new Error("not asked");\n',
    );
    let told = 0;
    const v = new CliVersions(() => told++);
    versions.push(v);
    const fg = await run([process.execPath, script]);
    expect(v.of('1', fg)).toBe('0.5.29');
    expect(told).toBe(0);
  });

  it("a platform package's version is its release without the platform (Codex: 0.169.0-linux-x64)", () => {
    const d = dir();
    const bin = path.join(d, 'node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin');
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(
      path.join(d, 'node_modules/@openai/codex-linux-x64/package.json'),
      '{"name":"@openai/codex-linux-x64","version":"0.169.0-linux-x64"}',
    );
    fs.writeFileSync(path.join(bin, 'codex'), '');
    expect(releaseBeside(path.join(bin, 'codex'))).toBe('0.169.0');
  });

  it('a release-named install folder (Claude Code native: versions/2.1.331)', async () => {
    const d = dir();
    fs.mkdirSync(path.join(d, 'versions'));
    const bin = path.join(d, 'versions/2.1.331');
    fs.copyFileSync('/bin/sleep', bin);
    fs.chmodSync(bin, 0o755);
    expect(releaseBeside(bin)).toBe('2.1.331');
    const v = new CliVersions(() => {});
    versions.push(v);
    expect(v.of('1', await run([bin, '30']))).toBe('2.1.331');
  });

  it('a script that says it only when asked: --version once per binary, then cached', async () => {
    const d = dir();
    const script = path.join(d, 'mytool');
    const asked = path.join(d, 'asked');
    fs.writeFileSync(
      script,
      `#!/bin/sh\ncase "$1" in --version) echo x >> '${asked}'; echo "mytool 2.3.4 (build 7)";; *) sleep 30;; esac\n`,
      { mode: 0o755 },
    );
    const told: string[] = [];
    const v = new CliVersions((id) => told.push(id));
    versions.push(v);
    const fg = await run([script]);
    expect(v.of('7', fg)).toBeNull(); // being asked
    await waitFor(() => told.length > 0);
    expect(told).toEqual(['7']);
    expect(v.of('7', fg)).toBe('2.3.4');
    // Another agent running the same binary: the cache answers.
    expect(v.of('8', await run([script]))).toBe('2.3.4');
    expect(fs.readFileSync(asked, 'utf8')).toBe('x\n');
  });

  it('a binary that names no release reads none, and is not asked again', async () => {
    const d = dir();
    const script = path.join(d, 'quiet');
    fs.writeFileSync(script, '#!/bin/sh\ncase "$1" in --version) echo "no idea";; *) sleep 30;; esac\n', {
      mode: 0o755,
    });
    const v = new CliVersions(() => {});
    versions.push(v);
    const fg = await run([script]);
    expect(v.of('1', fg)).toBeNull();
    await new Promise((r) => setTimeout(r, 300));
    expect(v.of('1', fg)).toBeNull();
    expect(v.of('1', null)).toBeNull();
  });

  it('the release in a --version answer', () => {
    expect(releaseIn('2.1.331 (Claude Code)')).toBe('2.1.331');
    expect(releaseIn('codex-cli 0.169.0\n')).toBe('0.169.0');
    expect(releaseIn('aider 0.86.1')).toBe('0.86.1');
    expect(releaseIn('0.0.1790142911-g7618fb')).toBe('0.0.1790142911-g7618fb');
    expect(releaseIn('no release')).toBeNull();
  });
});
