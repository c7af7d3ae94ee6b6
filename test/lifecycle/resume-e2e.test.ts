import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { installAgentBin } from '../../src/lifecycle/agent-path.js';
import { crashedPath, previousPath, readSessionFile, sessionPath } from '../../src/lifecycle/session-file.js';
import { tempHome, until } from '../support/hub.js';
import { exec } from '../support/fleet.js';
import { ptyEnv, run, screen, stoppedAfterEach, waitScreen, type Running } from '../support/cli-pty.js';
import { cliExec, cliOut } from '../support/cli.js';

// End to end, as a user and a script do it: real hub servers (separate processes), real PTYs, fake
// agent CLIs (fixtures/fake-cli), the server killed with kill -9 and started again.

const FAKE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../support/fixtures/fake-cli');
const { running, dotHome } = stoppedAfterEach();

/** A home, where the fake CLIs keep their conversations, and PATH with `claude`, `codex` and the hub's `botster-tui`. */
function setup() {
  const home = dotHome();
  // (Their config folders, yours: their boxes write these instead of ~/.claude and ~/.codex.)
  const config = path.join(tempHome(), 'config');
  const store = path.join(config, 'fake-conversations');
  const bin = installAgentBin(home);
  return {
    home,
    store,
    // No keepers: a kill -9 ends the agents as a reboot does (with keepers they would be adopted).
    env: {
      BOTSTER_HOME: home,
      CLAUDE_CONFIG_DIR: config,
      CODEX_HOME: config,
      PATH: `${bin}:${FAKE}:${process.env.PATH}`,
      BOTSTER_KEEPER: 'off',
    },
  };
}

function serverPid(home: string): number {
  const out = cliOut(['ls', '--json', '--home', home], {
    encoding: 'utf8',
    env: ptyEnv({ BOTSTER_SOCKET: undefined }),
  });
  return (JSON.parse(out) as { pid: number }).pid;
}

/** The script of docs/resume.md's "Scripting" section. */
function docScript(): string {
  const doc = fs.readFileSync(
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/resume.md'),
    'utf8',
  );
  const m = /<!-- resume-script[^>]*-->\n```sh\n([\s\S]*?)```/.exec(doc);
  if (!m) throw new Error('docs/resume.md has no resume-script');
  return m[1];
}

describe('after kill -9 of a hub server without keepers (the agents end, as at a reboot)', () => {
  it('the script of docs/resume.md starts three agents, answers one, kills the server; --restore brings each back in its conversation', async () => {
    const { home, env } = setup();
    const r = await exec('sh', ['-c', docScript()], env, { cwd: home });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [before, ...after] = r.stdout.split('--- killed\n');
    const id = /^(claude-\S+) got: yes$/m.exec(before)?.[1];
    expect(before).toMatch(/^waiting: Do you want to proceed\?\nclaude-\S+ got: yes\n>\s*\n$/);
    const parts = Object.fromEntries(
      after
        .join('')
        .split(/^--- /m)
        .filter(Boolean)
        .map((p) => [p.slice(0, 2), p.slice(3)]),
    );
    // (read keeps a line's trailing blanks: the cursor sits after the question)
    expect(parts.c1).toBe(`resumed ${id}\n  earlier: yes\nDo you want to proceed? (y/n) \n`);
    expect(parts.c2).toMatch(/^resumed claude-\S+\nDo you want to proceed\? \(y\/n\) \n$/);
    expect(parts.x1).toMatch(/^resumed codex-\S+\n› \n$/);
    // Each its own conversation.
    expect(new Set([id, /resumed (\S+)/.exec(parts.c2)![1]]).size).toBe(2);
    // The first server's own shell came back too (started again: a shell has no conversation).
    const names = readSessionFile(sessionPath(home))?.agents.map((a) => a.name) ?? [];
    expect(names).toHaveLength(4);
    expect(names.slice(1)).toEqual(['c1', 'c2', 'x1']);
  }, 120000);

  it('the next hub started in a terminal offers to resume: "resume all" brings them back; after another kill -9, "start fresh" keeps their record', async () => {
    const { home, env } = setup();
    const opts = { env: ptyEnv(env) };
    const a = run(['--home', home, '--agent', 'claude'], 120, 30, opts);
    running.push(a);
    const first = await waitScreen(a, /new conversation (claude-\S+)/);
    const id = /new conversation (claude-\S+)/.exec(first)![1];
    expect((await cliExec(['new', '--name', 'x1', '--no-focus', '--', 'codex'], env)).status).toBe(0);
    await until(
      'both conversations recorded',
      () => (readSessionFile(sessionPath(home))?.agents ?? []).filter((x) => x.sessions?.length).length === 2,
      20000,
    );
    process.kill(serverPid(home), 'SIGKILL');
    await a.exit;

    const b = run(['--home', home], 120, 30, opts);
    running.push(b);
    // The offer waits as a question (keys typed meanwhile go to the shell): the user opens it.
    await waitScreen(b, /\? 1 question: Ctrl\+g o/);
    b.pty.write('\x07o');
    const asked = await waitScreen(b, /The last hub stopped without you[\s\S]*resume all/);
    expect(asked).toMatch(/2 agents were running/);
    expect(asked).toMatch(/resume all\s+each in its conversation: claude, x1/);
    expect(asked).toMatch(/start fresh\s+drop them/);
    expect(fs.existsSync(crashedPath(home))).toBe(true);
    b.pty.write('\r');
    const read = async (name: string) => (await cliExec(['read', name], env)).stdout;
    await until('claude resumed', async () => (await read('claude')).startsWith(`resumed ${id}\n`), 20000);
    // Under its own number (1): the new hub's shell took the number after the two on offer.
    await waitScreen(b, /1 claude ! waiting/);
    expect(fs.existsSync(crashedPath(home))).toBe(false);
    const names = async () =>
      JSON.parse((await cliExec(['agents', '--json'], env)).stdout).map(
        (x: { name: string; command: string }) => `${x.name}: ${x.command}`,
      );
    await until(
      'x1 resumed',
      async () => (await names()).some((n: string) => /^x1: codex resume codex-/.test(n)),
      20000,
    );
    // The two conversations under their numbers, and the new hub's own shell after them.
    expect(await names()).toEqual([
      `claude: claude --resume ${id}`,
      expect.stringMatching(/^x1: codex resume codex-/),
      expect.stringMatching(/: \//),
    ]);

    process.kill(serverPid(home), 'SIGKILL');
    await b.exit;
    const c = run(['--home', home], 120, 30, opts);
    running.push(c);
    await waitScreen(c, /\? 1 question: Ctrl\+g o/);
    c.pty.write('\x07o');
    await waitScreen(c, /The last hub stopped without you: 3 agent[\s\S]*start fresh/);
    c.pty.write('start\r');
    await waitScreen(c, /started fresh; the agents of the hub that died are recorded in/);
    expect(screen(c.term)).not.toMatch(/resumed/);
    expect(fs.existsSync(crashedPath(home))).toBe(false);
    expect(readSessionFile(previousPath(home))?.agents.map((x) => `${x.id} ${x.name}`)).toEqual([
      '1 claude',
      '2 x1',
      expect.stringMatching(/^3 /),
    ]);
    // A clean stop: nothing is offered next time.
    const killed = await cliExec(['kill-server'], env);
    expect(killed.status, killed.stderr).toBe(0);
    await c.exit;
    expect(readSessionFile(sessionPath(home))?.stopped).toMatchObject({ why: 'kill-server', clean: true });
    const d: Running = run(['--home', home], 120, 30, opts);
    running.push(d);
    await waitScreen(d, / INSERT /);
    await new Promise((res) => setTimeout(res, 500));
    expect(screen(d.term)).not.toMatch(/stopped without you/);
  }, 120000);
});
