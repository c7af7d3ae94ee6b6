import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ptyEnv, quitWith, run, stoppedAfterEach, userCli, waitScreen } from '../support/cli-pty.js';
import { askLine } from '../support/agent-script.js';
import { CONTROL_PROTOCOL } from '../../src/wire/control-request.js';
import { until } from '../support/wait.js';

// Issue 93, item 2: a box is fixed when made. A boxed agent that asks to run elsewhere (tmux's
// respawn-pane -c, the restart verb's cwd) is refused, unless it stays inside its folders; its
// folders stay through a restart, a kill -9 of the server and --restore; you may move it. A real
// hub, real bubblewrap; each move works from an unboxed agent (so the test can fail).

const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;
const { running, dotHome } = stoppedAfterEach();

/** The CLI as the user runs it from their own shell, against `home`'s hub. */
function cli(home: string, args: string[]) {
  const env = { ...process.env, CI: 'true', BOTSTER_HOME: home } as Record<string, string | undefined>;
  delete env.BOTSTER_SOCKET;
  delete env.BOTSTER_AGENT_ID;
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, timeout: 30000 });
}

/** `new ARGS`: the id of the agent it started. */
function started(home: string, args: string[]): string {
  const r = cli(home, ['new', '--no-focus', '--json', ...args]);
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { agent: { id: string } }).agent.id;
}

/** What `sandbox AGENT` says it writes. */
function writes(home: string, agent: string): string[] {
  const r = cli(home, ['sandbox', agent, '--json']);
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { box: { writes: string[] } }).box.writes;
}

const pidOf = (home: string, id: string) =>
  (JSON.parse(userCli(home, ['agents', '--json']).stdout) as Array<{ id: string; pid: number }>).find(
    (a) => a.id === id,
  )?.pid;

/** A control request as the user's own program sends it (not an agent's: the kernel says so). */
function ask(socket: string, req: Record<string, unknown>): Promise<{ ok: boolean; error?: string }> {
  return new Promise((resolve, reject) => {
    const s = net.createConnection(socket);
    let b = '';
    s.on('connect', () => s.write(`${JSON.stringify({ v: CONTROL_PROTOCOL, ...req })}\n`));
    s.on('data', (d) => {
      b += String(d);
      const i = b.indexOf('\n');
      if (i >= 0) {
        s.end();
        resolve(JSON.parse(b.slice(0, i)) as { ok: boolean; error?: string });
      }
    });
    s.on('error', reject);
  });
}

const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');

// (CI installs bubblewrap: there the test runs, and fails if it cannot)
describe.skipIf(!hasBwrap && !process.env.CI)('a box is fixed when made', () => {
  it(
    'a boxed agent cannot move itself to ~, / or a sibling folder; unboxed it can',
    { timeout: 120000 },
    async () => {
      const home = dotHome();
      const user = path.dirname(home);
      const w = path.join(user, 'w');
      const other = path.join(w, 'other');
      fs.mkdirSync(other, { recursive: true });
      const env = ptyEnv({ HOME: user, SHELL: '/bin/sh' });
      const hub = run(['--home', home], 120, 30, { env, cwd: w });
      running.push(hub);
      await waitScreen(hub, / (NORMAL|INSERT) /);

      // Each way to move: where to, and the file the moved agent writes there to show its box does.
      const moves = {
        tilde: { to: user, mark: path.join(user, 'moved-tilde') },
        slash: { to: '/', mark: path.join(user, 'moved-slash') },
        sibling: { to: other, mark: path.join(other, 'moved-sibling') },
        verb: { to: user, mark: path.join(user, 'moved-verb') },
      };
      const agents: Array<{ kind: 'boxed' | 'open'; move: keyof typeof moves; dir: string; id: string }> = [];
      for (const kind of ['boxed', 'open'] as const)
        for (const [move, m] of Object.entries(moves) as Array<
          [keyof typeof moves, (typeof moves)['tilde']]
        >) {
          const dir = path.join(w, `${kind}-${move}`);
          fs.mkdirSync(dir);
          const name = `${kind}-${move}`;
          const mark = `${m.mark}-${kind}`;
          const again = `echo moved > ${mark}; sleep 60`;
          // (from its own process: tmux's respawn-pane of its own pane, or a raw restart request)
          const attempt =
            move === 'verb'
              ? askLine({ op: 'restart', agent: name, command: 'sh', args: ['-c', again], cwd: m.to })
              : `tmux respawn-pane -k -c ${m.to} "sh -c '${again}'"`;
          fs.writeFileSync(
            path.join(dir, 'move.sh'),
            `${attempt} > tried 2>&1\necho "rc=$?" >> tried\nexec sleep 60\n`,
          );
          const box = kind === 'boxed' ? 'default' : 'off';
          const id = started(home, ['--name', name, '--cwd', dir, '--sandbox', box, '--', 'sh', './move.sh']);
          agents.push({ kind, move, dir, id });
        }
      // One that moves inside its own folder: that it may.
      const inside = path.join(w, 'boxed-inside');
      fs.mkdirSync(path.join(inside, 'sub'), { recursive: true });
      fs.writeFileSync(
        path.join(inside, 'move.sh'),
        `tmux respawn-pane -k -c ${inside}/sub "sh -c 'echo moved > inside; sleep 60'"\nexec sleep 60\n`,
      );
      const insideId = started(home, ['--cwd', inside, '--sandbox', 'default', '--', 'sh', './move.sh']);

      for (const a of agents) {
        const mark = `${moves[a.move].mark}-${a.kind}`;
        if (a.kind === 'open') {
          // Unboxed: it runs again there, and writes there.
          await until(`${a.kind}-${a.move} moved`, () => read(mark) === 'moved\n', 30000);
          continue;
        }
        // Boxed: refused, said why, and it runs on as it was.
        const pid = pidOf(home, a.id);
        const tried = await until(
          `${a.kind}-${a.move} tried`,
          () => /rc=/.test(read(path.join(a.dir, 'tried'))) && read(path.join(a.dir, 'tried')),
          30000,
        );
        expect(tried).toMatch(/not started again in .*: its box writes only .*, fixed when it was made/);
        // (tmux says it with its exit; the raw request with its answer)
        expect(tried).toMatch(a.move === 'verb' ? /"reason":"refused"/ : /rc=[1-9]/);
        expect(fs.existsSync(mark)).toBe(false);
        expect(pidOf(home, a.id)).toBe(pid);
        expect(writes(home, a.id)).toEqual([a.dir]);
      }
      // Inside its folder it moved, and its box writes what it wrote before.
      await until('moved inside', () => read(path.join(inside, 'sub', 'inside')) === 'moved\n', 30000);
      expect(writes(home, insideId)).toEqual([inside]);
      expect(cli(home, ['sandbox', insideId]).stdout).not.toMatch(/its folder .*read-only/);
    },
  );

  it(
    'keeps its folders through a restart, a kill -9 of the server and --restore; you may move it',
    { timeout: 150000 },
    async () => {
      const home = dotHome();
      const user = path.dirname(home);
      const a = path.join(user, 'w', 'a');
      const b = path.join(user, 'w', 'b');
      for (const d of [a, b]) fs.mkdirSync(d, { recursive: true });
      const env = ptyEnv({ HOME: user, SHELL: '/bin/sh' });
      const first = run(['--home', home], 120, 30, { env, cwd: a });
      running.push(first);
      await waitScreen(first, / (NORMAL|INSERT) /);
      // It tries to move to your home each time `go` appears.
      fs.writeFileSync(
        path.join(a, 'move.sh'),
        `tmux respawn-pane -k -c ${user} "sh -c 'echo moved > moved; sleep 60'" > tried 2>&1; echo "rc=$?" >> tried\n`,
      );
      const loop = 'while :; do if [ -e go ]; then rm -f go tried; sh ./move.sh; fi; sleep 0.2; done';
      const id = started(home, [
        '--name',
        'fixed',
        '--cwd',
        a,
        '--sandbox',
        'default',
        '--',
        'sh',
        '-c',
        loop,
      ]);
      const tries = async (what: string) => {
        let tried = '';
        // (once in a few runs, just after --restore, the agent's tmux reaches no hub for its
        // restart while its list-panes just before did: tried again; see the report of branch box-fixed)
        for (let i = 0; i < 3 && !/not started again/.test(tried); i++) {
          fs.rmSync(path.join(a, 'tried'), { force: true });
          fs.writeFileSync(path.join(a, 'go'), '');
          tried = await until(
            what,
            () => /rc=/.test(read(path.join(a, 'tried'))) && read(path.join(a, 'tried')),
            30000,
          );
          if (!/the hub on .* closed the connection|no server running/.test(tried)) break;
        }
        expect(tried).toMatch(/not started again in .*: its box writes only/);
        expect(fs.existsSync(path.join(user, 'moved'))).toBe(false);
      };
      expect(writes(home, id)).toEqual([a]);
      await tries('refused at first');

      // Restarted by you: the same box.
      expect(cli(home, ['restart', 'fixed']).status).toBe(0);
      expect(writes(home, id)).toEqual([a]);

      // A kill -9 of the server: the next one has the same record (its keeper kept it).
      const server = (JSON.parse(userCli(home, ['ls', '--json']).stdout) as { pid: number }).pid;
      process.kill(server, 'SIGKILL');
      await until(
        'the next server',
        () => {
          const r = userCli(home, ['ls', '--json']);
          return r.status === 0 && (JSON.parse(r.stdout) as { pid: number }).pid !== server;
        },
        30000,
      );
      expect(writes(home, id)).toEqual([a]);
      await tries('refused after a kill -9');

      // Quit, and --restore: recorded in session.json, and the same again.
      await quitWith(first, 'stop');
      await first.exit;
      const session = JSON.parse(fs.readFileSync(path.join(home, 'session.json'), 'utf8')) as {
        agents: Array<{ name: string; box?: { folders?: string[] } }>;
      };
      expect(session.agents.find((x) => x.name === 'fixed')?.box?.folders).toEqual([a]);
      const second = run(['--home', home, '--restore'], 120, 30, { env, cwd: a });
      running.push(second);
      await waitScreen(second, /fixed/);
      const back = await until('restored', () =>
        (JSON.parse(userCli(home, ['agents', '--json']).stdout) as Array<{ id: string; name: string }>).find(
          (x) => x.name === 'fixed',
        ),
      );
      expect(writes(home, back.id)).toEqual([a]);
      await tries('refused after --restore');

      // You move it (your own program on the socket): its box is made again for the new folder.
      const moved = await ask(path.join(home, 'hub.sock'), {
        op: 'restart',
        agent: 'fixed',
        command: 'sh',
        args: ['-c', 'echo here > here; sleep 60'],
        cwd: b,
      });
      expect(moved).toMatchObject({ ok: true });
      await until('it runs there', () => read(path.join(b, 'here')) === 'here\n', 30000);
      expect(writes(home, back.id)).toEqual([b]);
    },
  );
});
