import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { realHome, until } from '../support/hub.js';
import {
  TTY_PATHS,
  lsJson,
  onPath,
  ptyEnv,
  run,
  screen,
  waitScreen,
  stoppedAfterEach,
} from '../support/cli-pty.js';
import { MAX_SERVER_MESSAGE, MSG, MessageReader, PROTOCOL, encode } from '../../src/wire/protocol.js';
import { HeadlessTerminal } from '../../src/terminal/headless-terminal.js';

// Several clients on one hub server, each with its own view (focus, mode, overlay, size), through
// the real CLI in real PTYs; a client that stops reading is a raw socket that stops reading.

const { running, homes } = stoppedAfterEach();
const sockets: net.Socket[] = [];
// Registered after stoppedAfterEach: runs first (after-hooks run last registered first), as a client would go before its server.
afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
});

const home = () => {
  const h = realHome('spaces');
  homes.push(h);
  return h;
};

interface View {
  id: string;
  cols: number;
  rows: number;
  backlog: number;
  behind: boolean;
  direct: boolean;
  served: boolean;
  focus: string | null;
  mode: string | null;
}
interface Ls {
  pid: number;
  version: string;
  clients: number;
  attached: View[];
}
const ls = (h: string) => lsJson<Ls>(h);

/** The PTY size an `stty size` printed last on a screen. */
const lastSize = (text: string) => {
  const all = [...text.matchAll(/^│?.*?│(\d+) (\d+)\s*[›⌄]?│/gm)].map((m) => [Number(m[1]), Number(m[2])]);
  return all.at(-1);
};

describe.each(TTY_PATHS)('several clients on one hub server (keys and frames: %s)', (_, way) => {
  onPath(way.env);

  it('each client gets frames at its own size and has its own focus, mode and help; typing in one shows in both; the PTY follows the client that typed last; kill -9 of one leaves the other working', async () => {
    const h = home();
    const a = run(['--home', h, '--agent', 'sh', '--agent', 'cat'], 100, 30);
    running.push(a);
    await waitScreen(a, /Botster Hub\s+100x30[\s\S]*INSERT/);
    const b = run(['attach', '--home', h], 60, 20);
    running.push(b);
    await waitScreen(b, /Botster Hub\s+60x20[\s\S]*INSERT/);
    expect(screen(a.term)).toMatch(/Botster Hub\s+100x30/); // a's frame stays at its size

    // Both show the shell: what one types, both see; the PTY takes the size of the typist's panel.
    b.pty.write('stty size\r');
    const small = lastSize(await waitScreen(b, /│\d+ \d+\s*[›⌄]?│/))!;
    // (and the shell's next prompt: typed ahead of it, the echo would land on the prompt's line)
    await waitScreen(a, new RegExp(`│${small[0]} ${small[1]}\\s*[›⌄]?│\\s*\\n│.*│[#$] `));
    a.pty.write('stty size\r');
    await waitScreen(a, /stty size[\s\S]*stty size\s*[›⌄]?│\s*\n│.*│\d+ \d+/);
    // b is the smaller client: the PTY now follows a, so b's panel marks the cut (›) at its edge.
    const big = lastSize(await waitScreen(b, /stty size[\s\S]*stty size\s*›│\s*\n│.*│\d+ \d+/))!;
    expect(big[0]).toBeGreaterThan(small[0]);
    expect(big[1]).toBeGreaterThan(small[1]);

    // Help in b, another agent in a: neither changes the other.
    b.pty.write('\x07?');
    await waitScreen(b, /Keys — normal mode/);
    a.pty.write('\x07j');
    await waitScreen(a, /╭─ cat ─[\s\S]*NORMAL/);
    const shownA = screen(a.term);
    expect(shownA).not.toContain('Keys —');
    expect(screen(b.term)).toMatch(/Keys — normal mode/);
    const views = Object.fromEntries(ls(h).attached.map((v) => [`${v.cols}x${v.rows}`, v]));
    expect(views['100x30']).toMatchObject({ focus: '2', mode: 'normal', served: true });
    expect(views['60x20']).toMatchObject({ focus: '1', mode: 'normal', served: false });
    expect([views['100x30'].direct, views['60x20'].direct]).toEqual([way.direct, way.direct]);

    // kill -9 of b: a stays attached and typing still echoes.
    process.kill(b.pty.pid, 'SIGKILL');
    await b.exit;
    await until('one client left', () => ls(h).clients === 1, 15000);
    a.pty.write('i');
    a.pty.write('after the other died\r');
    await waitScreen(a, /after the other died[\s\S]*after the other died/);
  }, 90000);
});

describe('a client that stops reading', () => {
  it('a client that stops reading never stalls the server or the others: its frames are dropped (backlog bounded) and when it reads again it gets a whole frame, the others none', async () => {
    const h = home();
    const dir = path.dirname(h);
    const go = path.join(dir, 'go');
    const stop = path.join(dir, 'stop');
    const flood = `sh -c 'until [ -e "${go}" ]; do sleep 0.1; done; while [ ! -e "${stop}" ]; do od -An -tx1 -N 20000 /dev/urandom; done; echo FLOOD OVER; exec cat'`;
    const a = run(['--home', h, '--agent', flood, '--agent', 'cat'], 200, 60);
    running.push(a);
    await waitScreen(a, /Botster Hub\s+200x60[\s\S]*INSERT/);
    const { pid, version } = ls(h);

    // A client that reads nothing once it has its first frame (a frozen terminal); big, so the
    // flood's frames pass the server's backlog limit (1 MB) within seconds.
    const frozen = new HeadlessTerminal({ cols: 200, rows: 60 });
    const sock = net.createConnection(path.join(h, 'hub.sock'));
    sockets.push(sock);
    const reader = new MessageReader(MAX_SERVER_MESSAGE);
    let got = 0;
    let sinceResume: string | null = null;
    sock.on('data', (chunk: Buffer) => {
      got += chunk.length;
      for (const m of reader.push(chunk).messages) {
        if (m.type !== MSG.OUTPUT) continue;
        frozen.write(m.payload.toString('utf8'));
        if (sinceResume !== null) sinceResume += m.payload.toString('latin1');
      }
    });
    sock.on('error', () => {});
    sock.write(encode(MSG.HELLO, { protocol: PROTOCOL, version, home: h, cols: 200, rows: 60 }));
    const frozenScreen = async () => {
      await frozen.flush();
      return screen(frozen);
    };
    for (let t = Date.now(); !/INSERT/.test(await frozenScreen());) {
      if (Date.now() - t > 15000)
        throw new Error(`the raw client never got a frame:\n${await frozenScreen()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // It attached last, on the flooding agent; a goes to cat (and is served from now on).
    a.pty.write('\x07j');
    await waitScreen(a, /╭─ cat ─[\s\S]*NORMAL/);
    a.pty.write('i');
    await waitScreen(a, /╭─ cat ─[\s\S]*INSERT/);
    const rss = () =>
      Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
    const rssBefore = rss();

    sock.pause();
    fs.writeFileSync(go, '');
    const frozenView = await until(
      'the frozen client falls behind',
      () => ls(h).attached.find((v) => v.behind),
      60000,
    );
    // The other client is not held up: its keys echo while the flood goes on.
    a.pty.write('typed while the other is frozen\r');
    await waitScreen(a, /typed while the other is frozen[\s\S]*typed while the other is frozen/);
    // What waits for the frozen client stays bounded however long the flood goes on.
    let worst = 0;
    for (let i = 0; i < 10; i++) {
      const v = ls(h).attached.find((x) => x.id === frozenView.id)!;
      worst = Math.max(worst, v.backlog);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(worst).toBeLessThan(1024 * 1024 + 256 * 1024);
    expect(rss() - rssBefore).toBeLessThan(200 * 1024 * 1024);

    fs.writeFileSync(stop, '');
    await new Promise((r) => setTimeout(r, 1500)); // the flood's tail is parsed
    const aBefore = a.output().length;
    sinceResume = '';
    sock.resume();
    for (let t = Date.now(); !/FLOOD OVER[\s\S]*INSERT/.test(await frozenScreen());) {
      if (Date.now() - t > 30000)
        throw new Error(`the frozen client never caught up:\n${await frozenScreen()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 500));
    // It got a whole frame (every row from the top), the other client none.
    expect(sinceResume).toContain('\x1b[1;1H');
    expect(a.output().slice(aBefore)).not.toContain('\x1b[1;1H');
    // And what it shows is the screen now: the same view in a (same size, same agent, same mode) looks the same.
    a.pty.write('\x07k');
    await waitScreen(a, /FLOOD OVER[\s\S]*NORMAL/);
    a.pty.write('i');
    await waitScreen(a, /FLOOD OVER[\s\S]*INSERT/);
    await new Promise((r) => setTimeout(r, 300));
    await a.term.flush();
    expect(await frozenScreen()).toBe(screen(a.term));
    expect(got).toBeGreaterThan(0);
    frozen.dispose();
  }, 150000);
});

describe('a terminal that stops reading (the server writes to it itself)', () => {
  it('frames for it are dropped (backlog bounded), the other client goes on, and once it reads again it gets a whole frame', async () => {
    const h = home();
    const dir = path.dirname(h);
    const go = path.join(dir, 'go');
    const stop = path.join(dir, 'stop');
    const flood = `sh -c 'until [ -e "${go}" ]; do sleep 0.1; done; while [ ! -e "${stop}" ]; do od -An -tx1 -N 20000 /dev/urandom; done; echo FLOOD OVER; exec cat'`;
    const a = run(['--home', h, '--agent', flood, '--agent', 'cat'], 100, 30);
    running.push(a);
    await waitScreen(a, /Botster Hub\s+100x30[\s\S]*INSERT/);
    // b: a terminal (200x60, so the flood's frames are big) whose screen stops taking output.
    const b = run(['attach', '--home', h], 200, 60);
    running.push(b);
    await waitScreen(b, /Botster Hub\s+200x60[\s\S]*INSERT/);
    expect(ls(h).attached.every((v) => v.direct)).toBe(true);
    a.pty.write('\x07j');
    await waitScreen(a, /╭─ cat ─[\s\S]*NORMAL/);
    a.pty.write('i');
    await waitScreen(a, /╭─ cat ─[\s\S]*INSERT/);

    b.pty.pause();
    fs.writeFileSync(go, '');
    const frozen = await until(
      'the frozen terminal falls behind',
      () => ls(h).attached.find((v) => v.behind),
      60000,
    );
    expect(frozen.cols).toBe(200);
    a.pty.write('typed while the other is frozen\r');
    await waitScreen(a, /typed while the other is frozen[\s\S]*typed while the other is frozen/);
    let worst = 0;
    for (let i = 0; i < 10; i++) {
      worst = Math.max(worst, ls(h).attached.find((x) => x.id === frozen.id)!.backlog);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(worst).toBeLessThan(1024 * 1024 + 256 * 1024);

    fs.writeFileSync(stop, '');
    await new Promise((r) => setTimeout(r, 1500));
    const bBefore = b.output().length;
    b.pty.resume();
    await waitScreen(b, /FLOOD OVER[\s\S]*INSERT/, 30000);
    await until('it caught up', () => !ls(h).attached.find((x) => x.id === frozen.id)!.behind, 15000);
    await new Promise((r) => setTimeout(r, 500));
    expect(b.output().slice(bBefore)).toContain('\x1b[1;1H'); // a whole frame, from the top
  }, 150000);
});

// NO_COLOR counted only when the server started: a client's own went unheard.
describe.each(TTY_PATHS)("NO_COLOR is each client's (%s)", (_, way) => {
  onPath(way.env);
  // A colour of the hub's own (the mode's green, the accent): an SGR with a foreground colour.
  const COLOUR = /\x1b\[(?:[\d;]*;)?(?:3[0-7]|9[0-7]|38;[25];[\d;]+)m/;

  it('the client that started the server with NO_COLOR draws without colours; one attached without it has them', async () => {
    const h = home();
    const plain = run(['--home', h, '--agent', 'sh'], 90, 20, { env: ptyEnv({ NO_COLOR: '1', ...way.env }) });
    running.push(plain);
    await waitScreen(plain, /INSERT/);
    const coloured = run(['attach', '--home', h], 90, 20, {
      env: ptyEnv({ NO_COLOR: undefined, ...way.env }),
    });
    running.push(coloured);
    await waitScreen(coloured, /INSERT/);
    await until('its colours', () => COLOUR.test(coloured.output()));
    expect(plain.output()).not.toMatch(COLOUR);
    const third = run(['attach', '--home', h], 90, 20, { env: ptyEnv({ NO_COLOR: '1', ...way.env }) });
    running.push(third);
    await waitScreen(third, /INSERT/);
    expect(third.output()).not.toMatch(COLOUR);
  }, 60000);
});
