import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { boxOf, BoxError, type Box } from '../../src/box/box.js';
import { fitBox } from '../../src/box/box-fit.js';
import { boxedArgv } from '../../src/box/box-runner.js';
import { boxPlace } from '../../src/box/box-place.js';

// A CLI's box as it runs for one agent: your own variables win over the CLI file's, its state kept
// outside the written folder is a seed (test/box/box-seeds.test.ts), and a box started as root still lets the CLI make
// a sandbox of its own (Codex runs bwrap inside).

const claudeBox = (): Box =>
  boxOf({
    name: 'default',
    write: ['~/.claude/'],
    env: { CLAUDE_CONFIG_DIR: '~/.claude' },
    seed: { '~/.claude/.claude.json': '~/.claude.json' },
  })!;

const tempHome = () => fs.mkdtempSync(path.join(os.tmpdir(), 'botster box home '));

describe("a box fitted to the agent's environment", () => {
  it("hides every account's folder but the one it writes (its agent's account)", () => {
    const box = boxOf({
      ...claudeBox(),
      accounts: ['/h/.claude', '/h/claude-one', '/h/claude-two', '/h/.codex-2'],
    })!;
    const one = fitBox(box, '/h', { HOME: '/h', CLAUDE_CONFIG_DIR: '/h/claude-one' });
    expect(one.write).toEqual(['/h/claude-one/']);
    expect(one.hide).toEqual(['/h/.claude/', '/h/claude-two/', '/h/.codex-2/']);
    // no account of its own: the CLI's own folder is the one it writes
    expect(fitBox(box, '/h', { HOME: '/h' }).hide).toEqual([
      '/h/claude-one/',
      '/h/claude-two/',
      '/h/.codex-2/',
    ]);
  });

  it("keeps the CLI file's folder and seed when you set nothing", () => {
    const box = fitBox(claudeBox(), '/h', { HOME: '/h' });
    expect(box.env).toEqual({ CLAUDE_CONFIG_DIR: '~/.claude' });
    expect(box.write).toEqual(['~/.claude/']);
    expect(box.seed).toEqual({ '~/.claude/.claude.json': '~/.claude.json' });
  });

  it('your CLAUDE_CONFIG_DIR wins: it is the folder written, nothing is copied', () => {
    const box = fitBox(claudeBox(), '/h', { HOME: '/h', CLAUDE_CONFIG_DIR: '~/.claude-work' });
    expect(box.env).toEqual({});
    expect(box.write).toEqual(['/h/.claude-work/']);
    expect(box.seed).toBeUndefined();
  });

  it("the box's own variables win over yours; only its CLI's give way (yields)", () => {
    const box = fitBox(
      boxOf({
        name: 'pod',
        write: ['~/.claude/'],
        env: { PATH: '/opt/clis/bin:/usr/bin', CLAUDE_CONFIG_DIR: '~/.claude' },
        yields: ['CLAUDE_CONFIG_DIR'],
      })!,
      '/h',
      { HOME: '/h', PATH: '/usr/bin:/bin', CLAUDE_CONFIG_DIR: '/h/.claude-work' },
    );
    expect(box.env).toEqual({ PATH: '/opt/clis/bin:/usr/bin' });
    expect(box.write).toEqual(['/h/.claude-work/']);
  });

  it('a seed that is not a path is refused with what is wrong', () => {
    expect(() => boxOf({ name: 'x', seed: { 'relative/x': '~/y' } })).toThrow(BoxError);
    expect(() => boxOf({ name: 'x', seed: { 'relative/x': '~/y' } })).toThrow(/sandbox\.seed\[1\]/);
  });
});

const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;

describe.runIf(hasBwrap && process.platform === 'linux')('a real box', () => {
  const run = (box: Box, home: string, env: Record<string, string>, script: string) => {
    const cwd = fs.mkdtempSync(path.join(home, 'work '));
    const full: Record<string, string> = { ...(process.env as Record<string, string>), HOME: home, ...env };
    const argv = boxedArgv(box, boxPlace(cwd, full), { file: '/bin/sh', args: ['-c', script] }, full.PATH, {
      id: '1',
      env: full,
    });
    return spawnSync(argv.file, argv.args, { cwd, env: full, encoding: 'utf8' });
  };

  it('Claude in its box finds its settings copied in, and writes there, not your ~/.claude.json', () => {
    const home = tempHome();
    fs.writeFileSync(path.join(home, '.claude.json'), '{"onboarded":true}');
    const r = run(
      claudeBox(),
      home,
      {},
      'cat "$CLAUDE_CONFIG_DIR/.claude.json"; echo; echo new > "$CLAUDE_CONFIG_DIR/x"; echo mine > ~/.claude.json || echo refused',
    );
    expect(r.stdout).toContain('{"onboarded":true}');
    expect(r.stdout).toContain('refused');
    expect(fs.readFileSync(path.join(home, '.claude/x'), 'utf8')).toBe('new\n');
    expect(fs.readFileSync(path.join(home, '.claude.json'), 'utf8')).toBe('{"onboarded":true}');
  });

  it('with your CLAUDE_CONFIG_DIR it writes that folder and sees your value', () => {
    const home = tempHome();
    const r = run(
      claudeBox(),
      home,
      { CLAUDE_CONFIG_DIR: path.join(home, 'work-config') },
      'echo "$CLAUDE_CONFIG_DIR"; echo w > "$CLAUDE_CONFIG_DIR/x" && echo wrote',
    );
    expect(r.stdout).toContain(`${home}/work-config`);
    expect(r.stdout).toContain('wrote');
    expect(fs.existsSync(path.join(home, '.claude'))).toBe(false);
  });

  it("a sandbox of the CLI's own starts inside the box (Codex runs bwrap), and the box still has none of your powers", () => {
    const home = tempHome();
    const box = boxOf({ name: 'default' })!;
    const r = run(
      box,
      home,
      {},
      'bwrap --ro-bind / / --dev /dev --proc /proc /bin/echo nested-ok; kill -0 1 && echo "pid1:$(cat /proc/1/comm)"',
    );
    expect(r.stdout).toContain('nested-ok');
    // its own PID namespace: pid 1 is bwrap's, not the machine's init
    expect(r.stdout).not.toMatch(/pid1:(systemd|init)\b/);
  });
});
