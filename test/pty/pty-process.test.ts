import fs from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { spawnPty, type PtyExit, type PtyProcess } from '../../src/pty/pty-process.js';
import { processAlive, processGroupAlive } from '../../src/pty/process-group.js';
import { spawn as spawnChild } from 'node:child_process';
import { isAlive, waitDead } from '../support/process-alive.js';

const env = { ...process.env, TERM: 'xterm-256color' } as Record<string, string>;
const procs: PtyProcess[] = [];
function spawn(file: string, args: string[], cols = 80, rows = 24): PtyProcess {
  const p = spawnPty({ file, args, cwd: process.cwd(), env, cols, rows });
  procs.push(p);
  return p;
}
afterEach(() => {
  while (procs.length) procs.pop()!.dispose();
});

/** Collects output until exit; records whether any data arrived after the exit event. */
function run(p: PtyProcess): Promise<{ out: string; exit: PtyExit; lateData: boolean }> {
  return new Promise((resolve) => {
    let out = '';
    let exited = false;
    let lateData = false;
    p.onData((d) => {
      out += d;
      if (exited) lateData = true;
    });
    p.onExit((exit) => {
      exited = true;
      // give any straggling data a chance to show up (it must not)
      setTimeout(() => resolve({ out, exit, lateData }), 30);
    });
  });
}

function waitFor(p: PtyProcess, re: RegExp): Promise<string> {
  return new Promise((resolve) => {
    let out = '';
    const off = p.onData((d) => {
      out += d;
      if (re.test(out)) {
        off();
        resolve(out);
      }
    });
  });
}

describe('spawnPty', () => {
  test('runs a command on a PTY and reports its exit code', async () => {
    const r = await run(spawn('/bin/sh', ['-c', 'echo hello; exit 3']));
    expect(r.out).toContain('hello\r\n');
    expect(r.exit).toEqual({ exitCode: 3, signal: null });
  });

  test('delivers every line before onExit when the child prints a lot and exits at once', async () => {
    // Without the drain this loses the tail in roughly half the runs (libuv sees POLLHUP as EOF).
    for (let i = 0; i < 15; i++) {
      const r = await run(spawn('seq', ['1', '3000']));
      expect(r.out.endsWith('2999\r\n3000\r\n')).toBe(true);
      expect(r.out.split('\r\n')).toHaveLength(3001);
      expect(r.lateData).toBe(false);
      procs.pop()!.dispose();
    }
  });

  test('output queued while paused is still delivered when the child exits meanwhile', async () => {
    const p = spawn('seq', ['1', '3000']);
    const done = run(p);
    p.pause();
    // node-pty destroys the socket ~200 ms after exit; stay paused well past that
    await new Promise((r) => setTimeout(r, 500));
    p.resume();
    const r = await done;
    expect(r.out.endsWith('3000\r\n')).toBe(true);
  });

  test('the child sees the PTY size, and the new size after resize', async () => {
    const p = spawn('/bin/sh', ['-c', 'stty size; read x; stty size'], 91, 17);
    expect(await waitFor(p, /17 91/)).toContain('17 91');
    p.resize(100, 30);
    p.write('\r');
    expect(await waitFor(p, /30 100/)).toContain('30 100');
  });

  test('input written to the PTY reaches the child', async () => {
    const p = spawn('/bin/sh', ['-c', 'read line; echo "got:$line"']);
    const seen = waitFor(p, /got:ping/);
    p.write('ping\r');
    expect(await seen).toContain('got:ping');
  });

  test('kill signals the whole process group and reports the signal', async () => {
    const p = spawn('/bin/sh', ['-c', 'sleep 100 & echo "child:$!"; wait']);
    const out = await waitFor(p, /child:\d+/);
    const child = Number(/child:(\d+)/.exec(out)![1]);
    const done = run(p);
    p.kill('SIGTERM');
    const r = await done;
    expect(r.exit.signal).toBe(15);
    expect(await waitDead([child])).toEqual([]);
  });

  test('throws a clear error for a bad cwd or a missing command, spawning nothing', () => {
    expect(() =>
      spawnPty({ file: '/bin/sh', args: [], cwd: '/no/such/dir', env, cols: 80, rows: 24 }),
    ).toThrow(/working directory does not exist: \/no\/such\/dir/);
    expect(() =>
      spawnPty({ file: '/bin/sh', args: [], cwd: '/etc/hostname', env, cols: 80, rows: 24 }),
    ).toThrow(/not a directory/);
    expect(() =>
      spawnPty({ file: 'no-such-command-xyz', args: [], cwd: '/', env, cols: 80, rows: 24 }),
    ).toThrow(/"no-such-command-xyz": command not found/);
    expect(() => spawnPty({ file: './nope', args: [], cwd: '/', env, cols: 80, rows: 24 })).toThrow(
      /no such executable/,
    );
  });

  test('dispose is idempotent and kills a running child', async () => {
    const p = spawn('sleep', ['100']);
    const pid = p.pid;
    expect(isAlive(pid)).toBe(true);
    p.dispose();
    p.dispose();
    expect(await waitDead([pid])).toEqual([]);
    // node-pty reaps its direct child, so this one is soon fully gone, not a zombie
    const reaped = async () => {
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(pid, 0);
        } catch (err) {
          return (err as NodeJS.ErrnoException).code;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      return 'still there';
    };
    expect(await reaped()).toBe('ESRCH');
    // no-ops after dispose
    p.write('x');
    p.resize(10, 10);
  });
});

describe('processGroupAlive', () => {
  test('true while a member runs; false once only zombies (or nothing) remain', async () => {
    // the exec'd sleep never reaps its short-lived child: a zombie in the same group
    const p = spawn('/bin/sh', ['-c', 'sleep 0.05 & exec sleep 100']);
    await new Promise((r) => setTimeout(r, 300));
    expect(processGroupAlive(p.pid)).toBe(true);
    const exited = new Promise((r) => p.onExit(r));
    p.kill('SIGKILL');
    await exited;
    expect(await waitDead([p.pid])).toEqual([]);
    expect(processGroupAlive(p.pid)).toBe(false);
  });
});

describe('processAlive', () => {
  test('true while it runs; false for a zombie nobody reaps and for no process', async () => {
    // sh execs sleep, which never reaps the short-lived child it inherited: a zombie
    const sh = spawnChild('/bin/sh', ['-c', 'sleep 0.05 & echo $!; exec sleep 5'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const child = Number(
      await new Promise<string>((r) => sh.stdout!.once('data', (d) => r(String(d).trim()))),
    );
    expect(processAlive(sh.pid!)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(fs.readFileSync(`/proc/${child}/stat`, 'utf8')).toMatch(/\) Z /);
    expect(processAlive(child)).toBe(false);
    sh.kill('SIGKILL');
    expect(processAlive(2 ** 22 + 12345)).toBe(false);
  });
});
