import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KeeperPty } from '../../src/keeper/keeper-pty.js';
import { keeperBinary, keeperPtys } from '../../src/keeper/keeper-source.js';
import type { PtyExit } from '../../src/pty/pty-process.js';
import { encode } from '../../src/wire/protocol.js';
import { KEEPER_MAJOR, KEEPER_MAX_META, KEEPER_MINOR, KMSG } from '../../src/wire/keeper-protocol.js';
import { isAlive, waitDead } from '../support/process-alive.js';
import { sleep, until } from '../support/wait.js';

// The keeper (src/native/keeper/) through its protocol, with real PTYs: it holds the agent while no
// server is there, gives the next one everything the agent wrote, and stands hostile input.

const BINARY = keeperBinary()!;
let dir: string;
const pids: number[] = [];
const ptys: KeeperPty[] = [];

beforeAll(() => {
  expect(BINARY, 'npm run build makes dist/native/botster-keeper').toBeTruthy();
});

/**
 * An agent whose server writes keys on its master itself, driven by `act` while its keeper is
 * stopped (SIGSTOP: nothing may go through it); then the keeper goes on, and the agent is released
 * for the next server.
 */
async function keeperStopped(
  cmd: string,
  act: (pty: KeeperPty) => Promise<void>,
  after: (out: ReturnType<typeof collect>) => Promise<unknown>,
) {
  const pty = start(cmd);
  const out = collect(pty);
  const w = await pty.welcome;
  expect(pty.writesMaster).toBe(true);
  process.kill(w.keeperPid, 'SIGSTOP');
  try {
    await act(pty);
  } finally {
    process.kill(w.keeperPid, 'SIGCONT');
  }
  await after(out);
  pty.release();
  return { pty, w };
}

function start(cmd: string, ring = 1 << 20) {
  dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'keeper-'));
  const pty = keeperPtys({ dir, binary: BINARY, ring: () => ring }).spawn({
    file: 'sh',
    args: ['-c', cmd],
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm' },
    cols: 80,
    rows: 24,
  }) as KeeperPty;
  track(pty);
  return pty;
}
function track(pty: KeeperPty): KeeperPty {
  ptys.push(pty);
  void pty.welcome.then((w) => pids.push(w.pid, w.keeperPid)).catch(() => {});
  return pty;
}
function collect(pty: KeeperPty): { text: () => string; exit: Promise<PtyExit> } {
  let text = '';
  pty.onData((d) => (text += d));
  return { text: () => text, exit: new Promise((r) => pty.onExit(r)) };
}
/** The lines of `text` that are numbers (seq's output), in order. */
const numbersIn = (text: string) =>
  text
    .split('\r\n')
    .filter((l) => /^\d+$/.test(l))
    .map(Number);
/** A raw connection to a keeper: what it answers, and when it closes. */
function raw(sock: string) {
  const c = net.connect(sock);
  let got = Buffer.alloc(0);
  c.on('data', (d) => (got = Buffer.concat([got, d])));
  c.on('error', () => {});
  const closed = new Promise<void>((r) => c.on('close', () => r()));
  return { c, got: () => got, closed };
}

afterEach(async () => {
  for (const p of ptys.splice(0)) p.dispose();
  for (const pid of pids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

describe('the keeper', () => {
  it('runs the agent on a PTY of its own, relays keys, sizes and output, and reports its exit', async () => {
    const pty = start('stty size; read line; echo "got $line"; exit 3');
    const out = collect(pty);
    const w = await pty.welcome;
    expect(w.pid).toBe(pty.pid);
    expect(isAlive(w.pid)).toBe(true);
    await until('stty size', () => out.text().includes('24 80'));
    pty.write('hello\r');
    await until('the echo', () => out.text().includes('got hello'));
    expect(await out.exit).toEqual({ exitCode: 3, signal: null });
    // The keeper is gone once a server got the exit, and its socket with it.
    expect(await waitDead([w.keeperPid])).toEqual([]);
    expect(fs.existsSync(pty.socketPath)).toBe(false);
  });

  it('a short-lived agent: its output and exit reach a server that writes as it exits', async () => {
    // The server writes to a keeper whenever it likes (its META, a resize). A keeper that closed
    // as soon as it sent the exit failed such a write, and the failed write threw away the output
    // and the exit it had not read yet: the agent read "exited -1" with an empty screen.
    for (let i = 0; i < 20; i++) {
      const pty = start('echo short-lived');
      const out = collect(pty);
      const w = await pty.welcome;
      let meta = 0;
      const writer = setInterval(() => pty.setMeta(JSON.stringify({ n: meta++ })), 0);
      const exit = await out.exit;
      clearInterval(writer);
      expect(exit).toEqual({ exitCode: 0, signal: null });
      expect(out.text()).toContain('short-lived');
      expect(await waitDead([w.keeperPid])).toEqual([]);
    }
  });
  it('listens on a socket only the user may open (0600, in a 0700 folder)', async () => {
    const pty = start('sleep 30');
    await pty.welcome;
    expect(fs.statSync(pty.socketPath).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(pty.socketPath)).mode & 0o777).toBe(0o700);
  });

  it('a paused connection reads nothing more: what the agent writes waits in the keeper, and comes by a read after resume, not in the same tick', async () => {
    const pty = start('yes flood');
    const out = collect(pty);
    await pty.welcome;
    await until('the flood', () => out.text().length > 100_000);
    pty.pause();
    // Not a wait for a result: a paused stream would read on meanwhile and hand it all out as it resumes.
    await sleep(300);
    const held = out.text().length;
    pty.resume();
    await new Promise((r) => process.nextTick(r));
    await Promise.resolve();
    expect(out.text().length).toBe(held);
    await until('the flood going on', () => out.text().length > held);
  });

  it('keeps the agent with no server, and gives the next server all it wrote meanwhile', async () => {
    const pty = start('echo start; read x; seq 1 2000; exec sleep 30');
    const w = await pty.welcome;
    const first = collect(pty);
    await until('start', () => first.text().includes('start'));
    pty.write('go\r');
    pty.release(); // the server went away (a crash, an upgrade)
    await sleep(300);
    expect(isAlive(w.pid)).toBe(true);
    const next = track(KeeperPty.connect(pty.socketPath));
    const out = collect(next);
    const w2 = await next.welcome;
    expect(w2.pid).toBe(w.pid);
    await until('2000', () => out.text().includes('\r\n2000\r\n'));
    expect(numbersIn(out.text())).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    expect(out.text().startsWith('start')).toBe(true);
  });

  it('pauses an agent that fills its ring with no server there instead of dropping a byte', async () => {
    // The smallest ring (64 KiB) and ~600 KB of output while nobody reads it.
    // It starts writing once no server is there: what a server took before it went away is that
    // server's (a ring smaller than what comes after overwrites it).
    const pty = start('sleep 1; seq 1 100000; echo done; exec sleep 30', 65536);
    const w = await pty.welcome;
    pty.release();
    const seq = () =>
      fs
        .readdirSync('/proc')
        .filter((n) => /^\d+$/.test(n))
        .some((n) => {
          try {
            // This agent's seq (its shell's child), not another test's.
            const stat = fs.readFileSync(`/proc/${n}/stat`, 'utf8');
            const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
            return (
              ppid === w.pid &&
              fs.readFileSync(`/proc/${n}/cmdline`, 'utf8').startsWith('seq\u0000') &&
              isAlive(Number(n))
            );
          } catch {
            return false;
          }
        });
    await until('seq started', seq, 10000);
    await sleep(500);
    // The agent blocks on its terminal: seq is still there, not done (unblocked it takes ~0.1 s).
    expect(seq()).toBe(true);
    const next = track(KeeperPty.connect(pty.socketPath));
    const out = collect(next);
    await next.welcome;
    await until('done', () => out.text().includes('done'), 20000);
    expect(numbersIn(out.text())).toEqual(Array.from({ length: 100000 }, (_, i) => i + 1));
    expect(isAlive(w.pid)).toBe(true);
  });

  it("is its agent's subreaper: what the agent leaves is its child and is reaped, and only the agent's exit is reported", async () => {
    dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'keeper-'));
    const orphan = path.join(dir, 'orphan.pid');
    const go = path.join(dir, 'orphan.go');
    // The orphan waits (bounded) for `go`, then exits 5; the agent exits 3 once a line is typed.
    const pty = start(
      `setsid -f sh -c 'echo $$ > ${orphan}; n=0; while [ ! -e ${go} ] && [ $n -lt 1200 ]; do sleep 0.05; n=$((n+1)); done; exit 5'; read line; exit 3`,
    );
    const out = collect(pty);
    const w = await pty.welcome;
    expect(pty.keeperPid).toBe(w.keeperPid);
    const pid = Number(
      await until('the orphan', () => fs.existsSync(orphan) && fs.readFileSync(orphan, 'utf8').trim()),
    );
    pids.push(pid);
    const parent = () => {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    };
    // (its first parent, setsid's fork, exits as it starts it)
    await until("the orphan is the keeper's", () => parent() === w.keeperPid);
    fs.writeFileSync(go, '');
    // Reaped by the keeper (not left a zombie), and not taken for the agent's exit.
    await until('the orphan reaped', () => !fs.existsSync(`/proc/${pid}`));
    expect(isAlive(w.pid)).toBe(true);
    pty.write('bye\r');
    expect(await out.exit).toEqual({ exitCode: 3, signal: null });
    expect(await waitDead([w.keeperPid])).toEqual([]);
  });

  it('refuses a second server while one has the agent, naming it', async () => {
    const pty = start('sleep 30');
    await pty.welcome;
    const second = raw(pty.socketPath);
    await second.closed;
    expect(second.got().subarray(5).toString()).toContain(
      `busy: this agent is adopted by the server of pid ${process.pid}`,
    );
    expect(second.got()[4]).toBe(KMSG.ERROR);
  });

  it('drops a connection that sends a malformed, oversized or unknown message; the agent and keeper go on', async () => {
    const pty = start('echo hi; exec sleep 30');
    const w = await pty.welcome;
    pty.release();
    const cases: Array<[Buffer, string]> = [
      [Buffer.from('GET / HTTP/1.1\r\n\r\n'), 'over the limit'],
      [Buffer.from([0, 0, 0, 0]), 'empty message'],
      [encode(KMSG.INPUT, 'x'), 'the first message must be HELLO'],
      [Buffer.from([0x7f, 0xff, 0xff, 0xff, 2]), 'over the limit'],
    ];
    for (const [bytes, said] of cases) {
      const r = raw(pty.socketPath);
      r.c.write(bytes);
      await r.closed;
      expect(r.got().subarray(5).toString()).toContain(said);
    }
    // Another major: refused by name.
    const major = raw(pty.socketPath);
    const hello = Buffer.alloc(8);
    hello.writeUInt16BE(99, 0);
    major.c.write(encode(KMSG.HELLO, hello));
    await major.closed;
    expect(major.got().subarray(5).toString()).toContain(
      `keeper protocol ${KEEPER_MAJOR}.${KEEPER_MINOR} cannot talk to a server of protocol 99.0`,
    );
    // After a good HELLO, an unknown type.
    const unknown = track(KeeperPty.connect(pty.socketPath));
    await unknown.welcome;
    (unknown as unknown as { sock: net.Socket }).sock.write(encode(42, 'x'));
    const exit = await new Promise<PtyExit>((r) => unknown.onExit(r));
    expect(exit.reason).toContain('malformed message (type 42');
    expect(isAlive(w.pid)).toBe(true);
    expect(isAlive(w.keeperPid)).toBe(true);
    const good = track(KeeperPty.connect(pty.socketPath));
    const out = collect(good);
    await good.welcome;
    await until('the replay', () => out.text().includes('hi'));
  });

  it('drops a connection that never says HELLO once its time is up; the keeper and agent go on', async () => {
    const pty = start('echo hi; exec sleep 30');
    const w = await pty.welcome;
    pty.release();
    // Connects and says nothing (a stuck or hostile peer): it must not hold the keeper for ever.
    const silent = raw(pty.socketPath);
    await silent.closed; // (KEEPER_HELLO_MS, 5 s, the test's deadline is generous)
    expect(silent.got()[4]).toBe(KMSG.ERROR);
    expect(silent.got().subarray(5).toString()).toContain('no HELLO in time');
    expect(isAlive(w.pid)).toBe(true);
    expect(isAlive(w.keeperPid)).toBe(true);
    // The next server is let in, and gets what the agent wrote.
    const good = track(KeeperPty.connect(pty.socketPath));
    const out = collect(good);
    expect((await good.welcome).pid).toBe(w.pid);
    await until('the replay', () => out.text().includes('hi'));
  }, 30000);

  it('refuses a META over 256 KiB with ERROR and closes; the agent goes on and keeps the last good record', async () => {
    const pty = start('echo hi; exec sleep 30');
    const seen = collect(pty);
    const w = await pty.welcome;
    await until('hi', () => seen.text().includes('hi'));
    // The largest record is taken.
    const largest = Buffer.alloc(KEEPER_MAX_META, 'm');
    pty.setMeta(largest.toString());
    const big = Buffer.alloc(KEEPER_MAX_META + 1, 'x');
    const refused = new Promise<PtyExit>((r) => pty.onExit(r));
    (pty as unknown as { sock: net.Socket }).sock.write(encode(KMSG.META, big));
    const exit = await refused;
    expect(exit.reason).toContain(`malformed message (type ${KMSG.META}, ${KEEPER_MAX_META + 1} bytes)`);
    expect(isAlive(w.pid)).toBe(true);
    expect(isAlive(w.keeperPid)).toBe(true);
    const good = track(KeeperPty.connect(pty.socketPath));
    const out = collect(good);
    const again = await good.welcome;
    expect(again.pid).toBe(w.pid);
    expect(again.meta.equals(largest)).toBe(true);
    await until('the replay', () => out.text().includes('hi'));
  });

  it('a keeper killed alone hangs its agent up, and the server hears why', async () => {
    const pty = start('exec sleep 30');
    const out = collect(pty);
    const w = await pty.welcome;
    process.kill(w.keeperPid, 'SIGKILL');
    const exit = await out.exit;
    expect(exit.reason).toMatch(/its keeper went away .*the agent was hung up/);
    expect(await waitDead([w.pid])).toEqual([]);
  });

  it('hangs the agent up when the server disposes of it (kill-server), and is gone after', async () => {
    const pty = start('exec sleep 30');
    const w = await pty.welcome;
    pty.dispose();
    expect(await waitDead([w.pid, w.keeperPid])).toEqual([]);
    expect(fs.existsSync(pty.socketPath)).toBe(false);
  });

  it('the server that started the agent writes keys on its terminal itself: with the keeper stopped, a key still reaches the agent; its echo comes once the keeper reads again, and the next server goes through the keeper', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'keeper-typed-')), 'got');
    const { pty, w } = await keeperStopped(
      `while read l; do echo "$l" > '${file}'; done`,
      async (pty) => {
        pty.write('typed-past-a-stopped-keeper\r');
        await until(
          'the agent read the key',
          () => fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('typed'),
        );
      },
      // The keeper alone reads the terminal: the echo is its to send.
      (out) => until('the echo', () => out.text().includes('typed-past-a-stopped-keeper')),
    );
    const next = track(KeeperPty.connect(pty.socketPath));
    const replay = collect(next);
    expect((await next.welcome).pid).toBe(w.pid);
    expect(next.writesMaster).toBe(false); // an adopting server goes through the keeper
    await until('the replay', () => replay.text().includes('typed-past-a-stopped-keeper'));
    next.write('through-the-keeper\r');
    await until('the key through the keeper', () =>
      fs.readFileSync(file, 'utf8').includes('through-the-keeper'),
    );
  });

  it('with the master held here, a resize reaches the agent before the next key (the keeper only notes it for the next server)', async () => {
    const { pty, w } = await keeperStopped(
      'exec sh',
      async (pty) => {
        // A client that types takes the PTY to its size: the resize and the key leave together.
        pty.resize(91, 17);
        pty.write('stty size\r');
      },
      (out) => until('the new size', () => out.text().includes('17 91')),
    );
    const next = track(KeeperPty.connect(pty.socketPath));
    expect(await next.welcome).toMatchObject({ pid: w.pid, cols: 91, rows: 17 });
  });

  it('says why an agent cannot start', () => {
    expect(
      () =>
        start('exit 0') &&
        keeperPtys({ dir, binary: BINARY, ring: () => 65536 }).spawn({
          file: 'sh',
          args: [],
          cwd: path.join(dir, 'nope'),
          env: {},
          cols: 80,
          rows: 24,
        }),
    ).toThrow(/nope/);
  });
});
