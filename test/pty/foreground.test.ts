import fs from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import {
  foregroundProcess,
  foregroundProgram,
  foregroundViaPs,
  statFields,
} from '../../src/pty/foreground.js';
import { spawnPty, type PtyProcess } from '../../src/pty/pty-process.js';
import { waitUntil } from '../support/agents.js';
import { programName } from '../../src/agents/program-name.js';

const env = { ...process.env, TERM: 'xterm-256color', PS1: '$ ' } as Record<string, string>;
const procs: PtyProcess[] = [];
function spawn(file: string, args: string[]): PtyProcess {
  const p = spawnPty({ file, args, cwd: process.cwd(), env, cols: 80, rows: 24 });
  procs.push(p);
  return p;
}
afterEach(() => {
  while (procs.length) {
    const p = procs.pop()!;
    p.kill('SIGKILL');
    p.dispose();
  }
});

function output(p: PtyProcess): () => string {
  let out = '';
  p.onData((d) => {
    out += d;
  });
  return () => out;
}

const argv0 = (pid: number) => foregroundProgram(pid)?.[0] ?? null;

describe('foregroundProgram: the PTY foreground process group, from /proc', () => {
  test('stat fields are cut after the last ")": a comm with spaces and parens', () => {
    const f = statFields('4242 (a) b (c)) S 1 4242 4242 34816 4250 4194560 0 0');
    expect(f.slice(0, 6)).toEqual(['S', '1', '4242', '4242', '34816', '4250']);
  });

  test('an interactive shell, a program started from it, back at the prompt, then exec', async () => {
    const p = spawn('/bin/sh', ['-i']);
    const out = output(p);
    await waitUntil(() => out().includes('$ '), 'the prompt');
    expect(foregroundProgram(p.pid)).toEqual(['/bin/sh', '-i']);

    p.write('sleep 30\r');
    await waitUntil(() => argv0(p.pid) === 'sleep', 'sleep in the foreground');
    const fg = foregroundProcess(p.pid)!;
    expect(fg.pgid).not.toBe(p.pid); // job control: a group of its own
    expect(fg.argv).toEqual(['sleep', '30']);

    p.write('\x03'); // ^C: the shell takes the terminal back
    await waitUntil(() => argv0(p.pid) === '/bin/sh', 'the shell in the foreground again');

    p.write('exec sleep 31\r'); // same process, same group, new program
    await waitUntil(() => foregroundProgram(p.pid)?.join(' ') === 'sleep 31', 'exec sleep');
  });

  test('`sh -c` with a compound line stays the group leader: its argv (the script) is what names the program', async () => {
    const p = spawn('/bin/sh', ['-c', 'FOO=1 sleep 30; true']);
    await waitUntil(() => argv0(p.pid) === '/bin/sh', 'sh -c in the foreground');
    // not the child it waits for: a script agent's program must not flicker from command to command
    expect(foregroundProcess(p.pid)).toMatchObject({
      pgid: p.pid,
      argv: ['/bin/sh', '-c', 'FOO=1 sleep 30; true'],
    });
    expect(programName(foregroundProgram(p.pid)!)).toBe('sleep');
  });

  test('the group leader is a zombie and a member runs on (a pipeline whose first command ended): found among the processes of the session', async () => {
    // The session leader starts L (a group of its own, the foreground) and M in L's group; L exits
    // and is not reaped: its stat is there (state Z), its cmdline empty.
    const py = [
      'import os, time, signal',
      'signal.signal(signal.SIGTTOU, signal.SIG_IGN)',
      'l = os.fork()',
      'if l == 0:',
      '    os.setpgid(0, 0)',
      '    time.sleep(0.3)',
      '    os._exit(0)',
      'os.setpgid(l, l)',
      'm = os.fork()',
      'if m == 0:',
      '    os.setpgid(0, l)',
      '    os.execvp("sleep", ["sleep", "33"])',
      'os.tcsetpgrp(0, l)',
      'time.sleep(0.6)',
      'print("LEADER-ZOMBIE", l, flush=True)',
      'time.sleep(30)',
    ].join('\n');
    const p = spawn('python3', ['-c', py]);
    const out = output(p);
    const line = /LEADER-ZOMBIE (\d+)\r?\n/;
    await waitUntil(() => line.test(out()), 'the group leader to exit', 10000);
    const leader = Number(line.exec(out())![1]);
    expect(statFields(fs.readFileSync(`/proc/${leader}/stat`, 'latin1'))[0]).toBe('Z');
    expect(foregroundProcess(p.pid)).toMatchObject({ pgid: leader, argv: ['sleep', '33'] });
  });

  test('the group leader is gone but a member runs on: found by a /proc scan', async () => {
    // The session leader puts a child L in a group of its own and makes it the foreground; L
    // starts M (same group) and exits; the leader reaps L and waits.
    const py = [
      'import os, time, signal',
      'signal.signal(signal.SIGTTOU, signal.SIG_IGN)',
      'r, w = os.pipe()',
      'l = os.fork()',
      'if l == 0:',
      '    os.setpgid(0, 0)',
      '    if os.fork() == 0:',
      '        os.execvp("sleep", ["sleep", "32"])',
      '    os.read(r, 1)',
      '    os._exit(0)',
      'os.setpgid(l, l)',
      'os.tcsetpgrp(0, l)',
      'os.write(w, b"x")',
      'os.waitpid(l, 0)',
      'print("LEADER-GONE", l, flush=True)',
      'time.sleep(30)',
    ].join('\n');
    const p = spawn('python3', ['-c', py]);
    const out = output(p);
    // The line may arrive in pieces: wait for its end, not its first word.
    const line = /LEADER-GONE (\d+)\r?\n/;
    await waitUntil(() => line.test(out()), 'the group leader to exit', 10000);
    const gone = Number(line.exec(out())![1]);
    await waitUntil(() => argv0(p.pid) === 'sleep', 'the member found');
    expect(foregroundProcess(p.pid)).toMatchObject({ pgid: gone, argv: ['sleep', '32'] });
  });

  test('a long argv is read whole', async () => {
    const long = 'x'.repeat(20000);
    const p = spawn('perl', ['-e', 'sleep 30', long]);
    await waitUntil(() => foregroundProgram(p.pid)?.[2] === 'sleep 30', 'perl in the foreground');
    expect(foregroundProgram(p.pid)![3]).toBe(long);
  });

  test('null, never a throw, for a process that is gone or no pid at all', async () => {
    const p = spawn('/bin/sh', ['-c', 'exit 0']);
    await new Promise<void>((r) => p.onExit(() => r()));
    await waitUntil(() => foregroundProgram(p.pid) === null, 'the process to be gone');
    expect(foregroundProgram(0)).toBe(null);
    expect(foregroundProgram(-1)).toBe(null);
    expect(foregroundProgram(Number.NaN)).toBe(null);
  });

  test('the ps fallback (for systems without /proc) tells the same', async () => {
    const p = spawn('/bin/sh', ['-i']);
    const out = output(p);
    await waitUntil(() => out().includes('$ '), 'the prompt');
    p.write('sleep 33\r');
    await waitUntil(() => argv0(p.pid) === 'sleep', 'sleep in the foreground');
    expect(foregroundViaPs(p.pid)).toMatchObject({
      pgid: foregroundProcess(p.pid)!.pgid,
      argv: ['sleep', '33'],
    });
  });

  test('cost: a few tens of µs per call on Linux', async () => {
    const p = spawn('/bin/sh', ['-i']);
    const out = output(p);
    await waitUntil(() => out().includes('$ '), 'the prompt');
    for (let i = 0; i < 200; i++) foregroundProgram(p.pid); // warm up
    // The best of several batches: what a call costs when the (shared) CPU is ours.
    let us = Infinity;
    for (let batch = 0; batch < 20; batch++) {
      const n = 250;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) foregroundProgram(p.pid);
      us = Math.min(us, Number(process.hrtime.bigint() - t0) / 1000 / n);
    }
    console.log(`foregroundProgram: ${us.toFixed(1)} µs per call`);
    // Generous for a loaded shared machine.
    expect(us).toBeLessThan(500);
  });
});
