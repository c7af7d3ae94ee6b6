import { afterEach, describe, expect, it } from 'vitest';
import { spawnPty, type PtyProcess } from '../../src/pty/pty-process.js';

// Small writes go straight to the PTY master when node-pty has nothing queued; big ones use
// node-pty's queue. Whatever the mix, the child must receive every byte, in order.

let pty: PtyProcess | null = null;
afterEach(() => {
  pty?.kill('SIGKILL');
  pty?.dispose();
  pty = null;
});

// Raw mode, no echo: reads everything and, on "!", prints how much it got and a checksum.
const READER = `
process.stdin.setRawMode(true);
let n = 0, sum = 0, seq = '';
process.stdin.on('data', (d) => {
  for (const b of d) {
    if (b === 33) { process.stdout.write('GOT ' + n + ' ' + sum + ' ' + seq + '\\n'); continue; }
    n++; sum = (sum * 31 + b) % 1000000007;
    if (b >= 97 && b <= 122) seq += String.fromCharCode(b);
  }
});
process.stdout.write('READY\\n');
`;

function expected(data: string): { n: number; sum: number; seq: string } {
  let n = 0;
  let sum = 0;
  let seq = '';
  for (const b of Buffer.from(data)) {
    n++;
    sum = (sum * 31 + b) % 1000000007;
    if (b >= 97 && b <= 122) seq += String.fromCharCode(b);
  }
  return { n, sum, seq };
}

describe('PTY writes', () => {
  it('keys, a big paste and more keys arrive complete and in order', async () => {
    pty = spawnPty({
      file: process.execPath,
      args: ['-e', READER],
      cwd: process.cwd(),
      env: { ...process.env } as Record<string, string>,
      cols: 80,
      rows: 24,
    });
    let out = '';
    const seen = (re: RegExp) =>
      new Promise<string>((resolve) => {
        const check = () => {
          const m = re.exec(out);
          if (m) resolve(m[0]);
          else setTimeout(check, 10);
        };
        check();
      });
    pty.onData((d) => (out += d));
    await seen(/READY/);
    const big = '0123456789ABCDEFGHIJ'.repeat(20000); // 400 KB: node-pty's queue, still draining...
    let sent = '';
    for (const part of ['a', 'b', 'é', big, 'c', 'd', big, 'e', ...'fghij']) {
      pty.write(part); // ...while the keys after it must wait their turn
      sent += part;
    }
    pty.write('!');
    const got = await seen(/GOT \d+ \d+ [a-z]*/);
    const e = expected(sent);
    expect(got).toBe(`GOT ${e.n} ${e.sum} ${e.seq}`);
    expect(e.seq).toBe('abcdefghij');
  }, 20000);
});
