import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tempHome } from '../support/hub.js';
import {
  BIN,
  TTY_PATHS,
  onPath,
  ptyEnv,
  quitWith,
  run,
  screen,
  waitScreen,
  stoppedAfterEach,
} from '../support/cli-pty.js';
import { MAX_SOCKET_PATH_BYTES, ensurePrivateSocketDir, planSocket } from '../../src/wire/socket-path.js';

/** Fresh homes where users keep them, dot-folders (their hub servers are stopped after each test). */
const { running, homes, dotHome } = stoppedAfterEach();

async function waitFile(file: string, re: RegExp, ms = 15000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (re.test(text)) return text;
    if (Date.now() > end) throw new Error(`${file} never matched ${re}; it holds:\n${text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', BOTSTER_SOCKET: undefined, ...env },
    timeout: 30000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('botster-tui is on PATH inside an agent', () => {
  it("an agent finds the hub's own botster-tui and pushes with it as docs/lua/improvements.md says", async () => {
    const home = dotHome();
    const out = path.join(home, '..', 'agent.txt');
    const lua = path.join(home, '..', 'greet.lua');
    fs.writeFileSync(lua, 'keys.bind("normal", "z", "agent.next", { desc = "Z" })\n');
    // PATH without any botster-tui of the machine's own: only the hub can have put one there.
    const env = ptyEnv({ PATH: '/usr/bin:/bin' });
    const script = `command -v botster-tui > ${out}; botster-tui --version >> ${out}; botster-tui push ${lua} >/dev/null; echo push=$? >> ${out}; exec cat`;
    const r = run(['--home', home, '--agent', `sh -c '${script}'`], 100, 30, { env });
    running.push(r);
    const text = await waitFile(out, /push=\d/);
    expect(text.split('\n')[0]).toBe(path.join(home, 'bin', 'botster-tui'));
    expect(text).toMatch(/^\d+\.\d+\.\d+ \((native|node) client\)$/m);
    expect(text).toContain('push=0');
  });
});

describe('one hub per home', () => {
  it('a second botster-tui on a home whose server runs attaches to that hub; a second server refuses (exit 4)', async () => {
    const home = dotHome();
    const first = run(['--home', home, '--agent', 'cat']);
    running.push(first);
    await waitScreen(first, /cat running/);
    const second = run(['--home', home]);
    running.push(second);
    await waitScreen(second, /1 cat (running|idle)/);
    expect(screen(second.term)).not.toMatch(/2 /); // no second agent: no second hub
    const server = cli(['server', '--home', home]);
    expect(server.status).toBe(4);
    expect(server.stderr).toContain(`another hub is already running on ${home}`);
    expect(cli(['snapshot', '--live', '--home', home]).stdout).toMatch(/1 cat (running|idle)/); // ...and still answers
  });

  it('a home whose socket path is too long gets a short one, says so, and its agents and clients find it', async () => {
    const runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'xdg-'));
    const base = tempHome();
    const home = path.join(base, 'a folder with a long name'.repeat(4), '.botster');
    expect(Buffer.byteLength(path.join(home, 'hub.sock'))).toBeGreaterThan(MAX_SOCKET_PATH_BYTES);
    const out = path.join(base, 'socket.txt');
    const r = run(['--home', home, '--agent', `sh -c 'echo "$BOTSTER_SOCKET" > ${out}; exec cat'`], 160, 30, {
      env: ptyEnv({ XDG_RUNTIME_DIR: runtime }),
    });
    running.push(r);
    await waitScreen(r, /too long for\s+a unix socket/);
    const socket = (await waitFile(out, /sock/)).trim();
    expect(path.dirname(socket)).toBe(runtime);
    expect(fs.statSync(socket).isSocket()).toBe(true);
    expect(
      fs.readFileSync(path.join(home, 'logs', fs.readdirSync(path.join(home, 'logs'))[0]), 'utf8'),
    ).toContain(`listens on ${socket}`);
    // From the same home, without BOTSTER_SOCKET, clients work out the same path.
    const env = { XDG_RUNTIME_DIR: runtime };
    expect(cli(['snapshot', '--live', '--home', home], env).stdout).toContain('Botster Hub');
    fs.writeFileSync(path.join(base, 'zed.lua'), 'keys.bind("normal", "z", "agent.next", { desc = "Z" })\n');
    expect(cli(['push', path.join(base, 'zed.lua'), '--home', home], env).status).toBe(0);
  });

  it('the fallback: $XDG_RUNTIME_DIR, else a private folder under /tmp; never a folder someone else could use', () => {
    // A home that only lives under /tmp/botster-... is not the fallback folder: its own mode is the user's business.
    const homeUnderTmp = fs.mkdtempSync('/tmp/botster-x-');
    fs.chmodSync(homeUnderTmp, 0o755);
    expect(() => ensurePrivateSocketDir(path.join(homeUnderTmp, 'hub.sock'))).not.toThrow();
    const long = '/x'.repeat(60);
    expect(planSocket({}, '/home/u/.botster')).toEqual({ path: '/home/u/.botster/hub.sock' });
    const xdg = planSocket({ XDG_RUNTIME_DIR: '/run/user/1000' }, long);
    expect(xdg.path).toMatch(/^\/run\/user\/1000\/botster-[0-9a-f]{12}\.sock$/);
    expect(xdg.tooLong).toBe(`${long}/hub.sock`);
    expect(planSocket({ XDG_RUNTIME_DIR: '/run/user/1000' }, long).path).toBe(xdg.path); // stable per home
    expect(planSocket({ XDG_RUNTIME_DIR: '/run/user/1000' }, `${long}/y`).path).not.toBe(xdg.path);
    const tmp = planSocket({}, long).path;
    expect(tmp).toMatch(new RegExp(`^/tmp/botster-${process.getuid!()}/[0-9a-f]{12}\\.sock$`));
    expect(planSocket({ BOTSTER_SOCKET: '/run/x.sock' }, long)).toEqual({ path: '/run/x.sock' });
    // A folder that is not private is refused, not used.
    const dir = `/tmp/botster-${process.getuid!()}`;
    fs.mkdirSync(dir, { recursive: true });
    const mode = fs.statSync(dir).mode & 0o777;
    try {
      fs.chmodSync(dir, 0o755);
      expect(() => ensurePrivateSocketDir(tmp)).toThrow(/not a private \(0700\) folder/);
      fs.chmodSync(dir, 0o700);
      expect(() => ensurePrivateSocketDir(tmp)).not.toThrow();
    } finally {
      fs.chmodSync(dir, mode === 0o755 ? 0o700 : mode);
    }
  });
});

describe.each(TTY_PATHS)('suspend and resume (keys and frames: %s)', (_, way) => {
  onPath(way.env);

  it('ctrl+z in normal mode gives the shell its terminal back; fg takes it again, raw, with the whole frame redrawn', async () => {
    const home = dotHome();
    const pidFile = path.join(home, '..', 'hub.pid');
    const sh = run(['--norc', '--noprofile', '-i'], 100, 30, {
      file: 'bash',
      env: ptyEnv({ PS1: 'PROMPT$ ', HOME: path.dirname(home) }),
    });
    running.push(sh);
    await waitScreen(sh, /PROMPT\$/);
    sh.pty.write(
      `${process.execPath} ${BIN} --home ${home} --agent "sh -c 'echo \\$PPID > ${pidFile}; exec cat'"\r`,
    );
    await waitScreen(sh, /1 sh( › \S+)? (running|idle)/);
    await waitFile(pidFile, /\d/);
    // The client in this terminal (the shell's child), not the server the agent's $PPID names.
    const clientPid = Number(
      spawnSync('ps', ['-o', 'pid=', '--ppid', String(sh.pty.pid)], { encoding: 'utf8' })
        .stdout.trim()
        .split('\n')[0],
    );

    const suspendOnce = async (how: () => void) => {
      const before = sh.output().length;
      how();
      await waitScreen(sh, /Stopped/);
      const left = sh.output().slice(before);
      for (const seq of ['\x1b[?1049l', '\x1b[?1000l', '\x1b[?1006l', '\x1b[?2004l', '\x1b[?25h'])
        expect(left).toContain(seq);
      expect(screen(sh.term)).not.toContain('Botster Hub');
      sh.pty.write('clear; fg\r');
      await waitScreen(sh, /Botster Hub[\s\S]*1 sh [\s\S]*(NORMAL|INSERT)/);
      const back = sh.output().slice(before);
      expect(back.slice(back.lastIndexOf('\x1b[?1049h'))).toContain('\x1b[?1000h');
    };

    sh.pty.write('\x07'); // ctrl+g: normal mode
    await waitScreen(sh, /NORMAL/);
    await suspendOnce(() => sh.pty.write('\x1a')); // ctrl+z: app.suspend
    // Raw again: keys reach the hub one by one (no Enter), and nothing of the shell is left on screen.
    sh.pty.write('i');
    await waitScreen(sh, /INSERT/);
    sh.pty.write('typed after fg');
    await waitScreen(sh, /│typed after fg/);
    expect(screen(sh.term)).not.toMatch(/PROMPT\$|clear; fg|Stopped/);

    await suspendOnce(() => process.kill(clientPid, 'SIGTSTP')); // as `kill -TSTP` or a job-control shell would
    sh.pty.write('x');
    await waitScreen(sh, /│typed after fgx/);
    await quitWith(sh, 'detach');
    await waitScreen(sh, /PROMPT\$$/m);
  }, 60000);
});

describe.each(TTY_PATHS)('every way out leaves the terminal as it was (keys and frames: %s)', (_, way) => {
  onPath(way.env);

  it('detach, the way out (quit: detach), kill -9 of the server, kill-server: cooked mode, echo, cursor shown, main screen', async () => {
    const home = dotHome();
    const sh = run(['--norc', '--noprofile', '-i'], 100, 30, {
      file: 'bash',
      env: ptyEnv({ PS1: 'PROMPT$ ', HOME: path.dirname(home) }),
    });
    running.push(sh);
    await waitScreen(sh, /PROMPT\$/);
    let mark = 0;
    /** Runs the hub from the shell (its client is the shell's foreground job) until its frame shows. */
    const hub = async (args: string) => {
      mark = sh.output().length;
      sh.pty.write(`clear; ${process.execPath} ${BIN} ${args} --home ${home}\r`);
      await waitScreen(sh, /Botster Hub[\s\S]*(NORMAL|INSERT)/);
    };
    /** Back at the prompt after the client said `said`: what `stty -a` says, and what the terminal got from the hub. */
    const sane = async (said: string) => {
      await waitScreen(sh, new RegExp(`${said.replace(/[()]/g, '\\$&')}[\\s\\S]*PROMPT\\$$`, 'm'));
      const n = sh.output().length;
      // The marker is computed, so the echo of the command line itself cannot match it (CI, once).
      sh.pty.write('stty -a; echo STTY-$((6*7))\r');
      await waitScreen(sh, /STTY-42\s*\n/);
      const stty = sh.output().slice(n);
      expect(stty).toMatch(/(^|\s)icanon(\s|$)/m);
      expect(stty).toMatch(/(^|\s)echo(\s|$)/m);
      expect(stty).toMatch(/(^|\s)isig(\s|$)/m);
      // Up to the client's last words (the shell's prompt after them turns its own modes on).
      const out = sh.output().slice(mark, sh.output().indexOf(said, mark));
      const left = out.lastIndexOf('\x1b[?1049l');
      expect(left).toBeGreaterThan(out.lastIndexOf('\x1b[?1049h'));
      // Nothing of the hub after it let go of the terminal: no frame, no mode turned on again.
      const after = out.slice(left);
      for (const seq of ['\x1b[?2026h', '\x1b[?1049h', '\x1b[?1000h', '\x1b[?2004h', '\x1b[?25l'])
        expect(after).not.toContain(seq);
      expect(out.lastIndexOf('\x1b[?25h')).toBeGreaterThan(out.lastIndexOf('\x1b[?25l'));
      expect(out.lastIndexOf('\x1b[?2004l')).toBeGreaterThan(out.lastIndexOf('\x1b[?2004h'));
    };

    await hub('--agent cat');
    sh.pty.write('\x07d'); // detach
    await sane('detached; the agents keep running');

    await hub('attach');
    await quitWith(sh, 'detach'); // the way out, then the quit dialog's detach
    await sane('detached; the agents keep running');

    await hub('attach');
    const ls = JSON.parse(cli(['ls', '--json', '--home', home]).stdout) as {
      pid: number;
      attached: Array<{ direct: boolean }>;
    };
    expect(ls.attached.map((c) => c.direct)).toEqual([way.direct]);
    process.kill(ls.pid, 'SIGKILL');
    await sane('lost the hub server');

    await hub('--agent cat');
    expect(cli(['kill-server', '--home', home]).status).toBe(0);
    await sane('the hub server stopped (kill-server)');
  }, 90000);
});
