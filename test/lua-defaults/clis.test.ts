// clis.define (lua/core/clis.lua): one file per agent CLI. The shipped files as the hub gets them,
// a user's CLI and a user's change to a shipped one, the resume shorthand, bad definitions as
// file:line errors, and an improvement's CLI (its adapter only: no packages, no hooks).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import type { ConfigFile } from '../../src/lua/runtime/config-file.js';
import { readConfigFiles } from '../../src/reload/config-files.js';
import { BUILTIN_COMMANDS } from '../../src/commands/builtin-commands.js';
import { installAgentBin } from '../../src/lifecycle/agent-path.js';
import { installCliShims } from '../../src/lifecycle/cli-shims.js';
import { tempHome } from '../support/hub.js';
import { screenOf } from '../support/status.js';
import { findNative } from '../../src/wire/find-native.js';

let rt: ConfigRuntime | null = null;
afterEach(() => {
  rt?.dispose();
  rt = null;
});

async function runtime(files: Record<string, string> = {}, more: ConfigFile[] = []): Promise<ConfigRuntime> {
  rt = await ConfigRuntime.build(
    [...readConfigFiles({ home: tempHome(files) }), ...more],
    () => {},
    {},
    BUILTIN_COMMANDS.map((c) => c.id),
  );
  return rt;
}

const MYTOOL = `clis.define({
  name = "mytool",
  title = "My Tool",
  programs = { "mytool" },
  packages = { "@me/mytool" },
  detect = function(screen)
    if screen:find("Approve%? %[y/N%]", screen:last(3)) then return "waiting", "approve?", "approve prompt" end
    return screen:settle()
  end,
  answers = { yes = { text = "y", keys = "enter" } },
  resume = { args = { "--session", "{session}" }, last = { "--continue" } },
})
`;

describe('the shipped CLIs', () => {
  it('each file hands the hub its programs, packages and hook wiring', async () => {
    const clis = (await runtime()).export().clis ?? [];
    const names = clis.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining(['aider', 'claude', 'codex', 'gemini', 'opencode', 'copilot']),
    );
    // (A CLI without an adapter of its own is read by the structural rules, lua/default/status.lua.)
    expect(clis.filter((c) => c.detects).map((c) => c.name)).toEqual(
      expect.arrayContaining(['claude', 'codex', 'gemini']),
    );
    const claude = clis.find((c) => c.name === 'claude')!;
    expect(claude).toMatchObject({
      title: 'Claude Code',
      command: 'claude',
      packages: ['@anthropic-ai/claude-code'],
    });
    expect(claude.source).toMatch(/lua\/default\/clis\/claude\.lua:\d+$/);
    expect(claude.hooks?.args).toEqual(['--settings', '{hooks}/claude-settings.json']);
    expect(claude.hooks?.settings?.events.map((e) => `${e.event}:${e.state}`)).toContain('Stop:done');
    expect(clis.find((c) => c.name === 'aider')?.hooks).toBeUndefined();
  });
});

describe("a user's CLI", () => {
  it('one file: its adapter reads its program, yes means what it says, it resumes, its package names it', async () => {
    const r = await runtime({ 'user/mytool.lua': MYTOOL });
    const agent = { id: '1', name: 'm', program: 'mytool', command: 'mytool' };
    expect(r.detectStatus(agent, screenOf('working\nApprove? [y/N]'))).toMatchObject({
      state: 'waiting',
      adapter: 'mytool',
      reason: 'approve?',
    });
    expect(r.export().clis?.find((c) => c.name === 'mytool')).toMatchObject({
      packages: ['@me/mytool'],
      resumes: true,
    });
    const a = (extra: Record<string, unknown>) => ({
      name: 'm',
      command: 'mytool',
      args: null,
      cwd: '/src/app',
      program: 'mytool',
      command_program: 'mytool',
      profile: null,
      env: {},
      started: 0,
      session: null,
      sessions: [],
      screen: [],
      worktree: null,
      ...extra,
    });
    // A reported session goes into args; without one, only the first agent of the folder continues.
    const [withId, first, second, elsewhere] = r.resume([
      a({ sessions: [{ id: 'S9', program: 'mytool', at: 'x' }] }),
      a({}),
      a({}),
      a({ cwd: '/src/other' }),
    ]);
    expect(withId).toEqual({
      profile: 'mytool',
      command: 'mytool',
      args: ['--session', 'S9'],
      session: 'S9',
    });
    expect(first).toEqual({ profile: 'mytool', command: 'mytool', args: ['--continue'] });
    expect(second).toEqual({ profile: 'mytool', none: true });
    expect(elsewhere).toMatchObject({ args: ['--continue'] });
  });

  it('a definition by a shipped name changes only the fields it gives', async () => {
    const r = await runtime({
      'user/clis.lua': 'clis.define({ name = "codex", answers = { yes = { keys = "enter" } } })',
    });
    const codex = r.export().clis?.find((c) => c.name === 'codex');
    expect(codex).toMatchObject({ packages: ['@openai/codex'], resumes: true, detects: true });
    expect(codex?.hooks?.args?.[0]).toBe('-c');
    const dialog =
      '  $ rm -rf build\n\n› 1. Yes, proceed (y)\n  2. No (esc)\n\n  Press enter to confirm or esc to cancel';
    expect(
      r.detectStatus({ id: '1', name: 'c', program: 'codex', command: 'codex' }, screenOf(dialog)),
    ).toMatchObject({ state: 'waiting', adapter: 'codex' });
  });

  it('a file that needs this hub or an older one loads (hub = "0.1.0")', async () => {
    const r = await runtime({
      'user/clis.lua': 'clis.define({ name = "x", hub = "0.1.0", programs = { "x" } })',
    });
    expect(r.export().clis?.find((c) => c.name === 'x')).toBeTruthy();
  });

  it.each([
    ['clis.define({ name = "x", progams = { "x" } })', 'unknown field "progams"'],
    ['clis.define({ name = "two words" })', 'name must be a word'],
    ['clis.define({ name = "x", detect = "no" })', 'detect must be a function'],
    ['clis.define({ name = "x", resume = { args = { "--resume" } } })', 'resume.args must hold "{session}"'],
    ['clis.define({ name = "x", hooks = { argz = {} } })', 'hooks: unknown field "argz"'],
    // A file that needs a newer hub says so (a CLI file shared as a plugin).
    ['clis.define({ name = "x", hub = "99.0.0" })', 'needs botster-tui 99.0.0 or newer \\(this is \\d'],
    ['clis.define({ name = "x", hub = 2 })', 'hub must be a release'],
    ['clis.define({ name = "x", hooks = { env = { ["A B"] = "1" } } })', 'hooks.env must map variable names'],
    [
      'clis.define({ name = "x", hooks = { settings = { file = "x.json", events = { { event = "Stop" } } } } })',
      'hooks.settings.events\\[1\\] needs',
    ],
  ])('%s is a file:line error', async (source, message) => {
    await expect(runtime({ 'user/clis.lua': `-- mine\n${source}` })).rejects.toThrow(
      new RegExp(`user/clis\\.lua:2: .*${message}`),
    );
  });
});

describe("an improvement's CLI", () => {
  it('its adapter reads its program; it names no packages and wires no hooks', async () => {
    const r = await runtime({}, [
      {
        name: 'improvements/pushed.lua',
        layer: 'improvement',
        source: `clis.define({
  name = "pushedtool", programs = { "pushedtool" }, packages = { "evil-package" },
  hooks = { env = { LD_PRELOAD = "/tmp/x.so" } },
  detect = function(screen) return "idle", nil, "pushed" end,
})`,
      },
    ]);
    expect(
      r.detectStatus({ id: '1', name: 'p', program: 'pushedtool', command: 'pushedtool' }, screenOf('$')),
    ).toMatchObject({ state: 'idle', adapter: 'pushedtool' });
    expect(r.export().clis?.map((c) => c.name)).not.toContain('pushedtool');
  });
});

describe('the shims follow the configuration', () => {
  it('a CLI whose hooks are gone loses its shim; botster-tui and files not ours stay', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-clis-'));
    const bin = installAgentBin(home);
    fs.writeFileSync(path.join(bin, 'mine'), '#!/bin/sh\necho mine\n', { mode: 0o755 });
    const clis = (await runtime()).export().clis ?? [];
    const all = [
      'claude',
      'codex',
      'copilot',
      'droid',
      'gemini',
      'kilo',
      'kilocode',
      'opencode',
      'pi',
      'qwen',
    ];
    expect(installCliShims(home, bin, clis).sort()).toEqual(all);
    expect(fs.readFileSync(path.join(bin, 'codex'), 'utf8')).toContain("'-c' 'notify=[");
    expect(
      installCliShims(
        home,
        bin,
        clis.filter((c) => c.name !== 'codex'),
      ).sort(),
    ).toEqual(all.filter((n) => n !== 'codex'));
    // (the hub's tmux surface stays too: it is no CLI's shim)
    // (and the note the native client's copies read, where this checkout has one: src/lifecycle/agent-path.ts)
    const note = findNative('botster-tui').path ? ['.botster-launch'] : [];
    expect(fs.readdirSync(bin).sort()).toEqual(
      [...note, 'botster-tui', 'tmux', ...all.filter((n) => n !== 'codex'), 'mine'].sort(),
    );
    fs.rmSync(home, { recursive: true, force: true });
  });
});

describe('docs/agent-states.md', () => {
  it('has a row for every shipped CLI', async () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../docs/agent-states.md'), 'utf8');
    const section = doc.slice(
      doc.indexOf('## The CLIs the hub knows'),
      doc.indexOf('## Agents report their own state'),
    );
    const missing = ((await runtime()).export().clis ?? []).filter(
      (c) => !section.includes(`| ${c.title} |`),
    );
    expect(missing.map((c) => c.title)).toEqual([]);
  });
});
