import fs from 'node:fs';
import { afterEach, expect, test } from 'vitest';
import { spawnPty, type PtyProcess } from '../../src/pty/pty-process.js';

const env = { ...process.env, TERM: 'xterm-256color' } as Record<string, string>;
const procs: PtyProcess[] = [];
afterEach(() => {
  while (procs.length) procs.pop()!.dispose();
});

function start(args: string[]): PtyProcess {
  const p = spawnPty({ file: 'sh', args, cwd: process.cwd(), env, cols: 80, rows: 24 });
  procs.push(p);
  return p;
}

/** Where the descriptors of `pid` point. */
function targets(pid: number): string[] {
  return fs.readdirSync(`/proc/${pid}/fd`).map((fd) => {
    try {
      return fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      return '';
    }
  });
}

test.runIf(process.platform === 'linux')(
  "an agent started into a gap below another agent's master holds no master (node-pty stops its sweep at the gap)",
  async () => {
    // Pad past fd 15, where node-pty's sweep starts to stop at the first closed descriptor.
    const pad = Array.from({ length: 20 }, () => fs.openSync('/dev/null', 'r'));
    const first = start(['-c', 'sleep 30']);
    const gap = fs.openSync('/dev/null', 'r'); // the second master lands above this one
    const second = start(['-c', 'sleep 30']);
    fs.closeSync(gap); // now the lowest free number is below the second master
    for (const fd of pad) fs.closeSync(fd);
    const third = start(['-c', 'sleep 30']);
    await new Promise((r) => setTimeout(r, 300));
    for (const p of [first, second, third])
      expect(targets(p.pid), `agent ${p.pid}`).not.toContain('/dev/ptmx');
  },
);
