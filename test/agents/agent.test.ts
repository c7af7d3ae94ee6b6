import { afterEach, describe, expect, test } from 'vitest';
import { Agent, type AgentOptions } from '../../src/agents/agent.js';
import type { AgentInfo, AgentStatus } from '../../src/agents/types.js';
import { TRUECOLOR, BOLD, INVERSE } from '../../src/terminal/headless-terminal.js';
import { allLines, rowCells, rowText, screenText, waitForScreen } from '../support/agents.js';

const agents: Agent[] = [];
function make(command: string, extra: Partial<AgentOptions> = {}): Agent {
  const a = new Agent({
    id: String(agents.length + 1),
    name: 'test',
    spec: { command },
    cols: 80,
    rows: 24,
    ...extra,
  });
  agents.push(a);
  return a;
}
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.dispose()));
});

describe('Agent', () => {
  test('output goes through the PTY into the terminal; exit code is reported', async () => {
    const a = make(`sh -c 'echo hello-agent; exit 3'`);
    expect(a.info.pid).toBeGreaterThan(0);
    const info = await a.exited;
    expect(info).toMatchObject({ status: 'exited', exitCode: 3, signal: null, error: null });
    expect(screenText(a.terminal)).toContain('hello-agent');
  });

  test('colours and attributes survive the trip through a real PTY', async () => {
    const a = make(
      `printf '\\033[31mR\\033[0m \\033[38;5;196mP\\033[0m \\033[38;2;1;2;3mT\\033[0m \\033[1mB\\033[0m \\033[7mI\\033[0m\\n'`,
    );
    await a.exited;
    const row = a.terminal.readRow(0);
    const find = (t: string) => row.find((r) => r.text.startsWith(t))!;
    expect(find('R')).toMatchObject({ fg: 1, attrs: 0 });
    expect(find('P')).toMatchObject({ fg: 196 });
    expect(find('T')).toMatchObject({ fg: TRUECOLOR | 0x010203 });
    expect(find('B')).toMatchObject({ fg: -1, attrs: BOLD });
    expect(find('I')).toMatchObject({ attrs: INVERSE });
  });

  test('a child that prints a lot and exits at once: every line is in the terminal when exited', async () => {
    const a = make('seq 1 3000', { scrollback: 5000 });
    await a.exited;
    const lines = allLines(a.terminal).filter((l) => l !== '');
    expect(lines).toHaveLength(3000);
    expect(lines[0]).toBe('1');
    expect(lines[2999]).toBe('3000');
    expect(lines.every((l, i) => l === String(i + 1))).toBe(true);
  });

  test('stty size inside the agent matches the terminal, also after resize', async () => {
    const a = make(`sh -c 'stty size; read x; stty size; read y'`, { cols: 77, rows: 19 });
    await waitForScreen(a, /^19 77$/m);
    a.resize(101, 31);
    expect([a.terminal.cols, a.terminal.rows]).toEqual([101, 31]);
    a.resize(0, 10); // ignored
    a.resize(101, 31); // no-op
    a.write('\r');
    await waitForScreen(a, /^31 101$/m);
  });

  test('terminal replies (DSR cursor position) reach the child', async () => {
    const py = [
      'import os, sys, tty',
      'tty.setraw(0)',
      'os.write(1, b"abc\\x1b[6n")',
      'r = b""',
      'while not r.endswith(b"R"): r += os.read(0, 1)',
      'os.write(1, b"\\r\\nreply=" + r[1:] + b"\\r\\n")',
    ].join('\n');
    const a = new Agent({
      id: '1',
      name: 'py',
      spec: { command: 'python3', args: ['-c', py] },
      cols: 80,
      rows: 24,
    });
    agents.push(a);
    const info = await a.exited;
    expect(info.exitCode).toBe(0);
    expect(screenText(a.terminal)).toContain('reply=[1;4R');
  });

  test('title from OSC 2 shows in info and fires onChange', async () => {
    const a = make(`printf '\\033]2;hello title\\007'`);
    const titles: string[] = [];
    a.onChange((i) => titles.push(i.title));
    await a.exited;
    expect(a.info.title).toBe('hello title');
    expect(titles[0]).toBe('hello title');
  });

  test('status goes running -> idle -> running -> exited, without per-chunk change events', async () => {
    const a = make(`sh -c 'echo one; sleep 3; seq 1 500; sleep 0.2'`);
    const seen: AgentStatus[] = [];
    let outputs = 0;
    a.onChange((i) => seen.push(i.status));
    a.onOutput(() => outputs++);
    expect(a.info.status).toBe('running');
    await a.exited;
    expect(seen).toEqual(['idle', 'running', 'exited']);
    expect(outputs).toBeGreaterThan(0);
  });

  test('a missing program or bad cwd ends up exited with an error, never thrown', async () => {
    const viaShell = make('no-such-command-xyz --flag');
    const info = await viaShell.exited;
    expect(info).toMatchObject({
      status: 'exited',
      exitCode: 127,
      error: 'command not found: no-such-command-xyz',
    });

    const direct = new Agent({
      id: '2',
      name: 'x',
      spec: { command: 'no-such-command-xyz', args: [] },
      cols: 80,
      rows: 24,
    });
    agents.push(direct);
    expect(direct.info).toMatchObject({ status: 'exited', pid: null, exitCode: null });
    expect(direct.info.error).toMatch(/command not found/);
    let exits = 0;
    direct.onExit(() => exits++);
    await direct.exited;
    expect(exits).toBe(1);

    const badCwd = make('sleep 1', { spec: { command: 'sleep 1', cwd: '/no/such/dir' } });
    expect(badCwd.info.error).toMatch(/working directory does not exist/);
    await badCwd.exited;
    expect(screenText(badCwd.terminal)).toContain('working directory does not exist');
  });

  test('kill sends the signal to the child', async () => {
    const a = make('sleep 100');
    const gotExit = new Promise<AgentInfo>((r) => a.onExit(r));
    a.kill('SIGTERM');
    const info = await gotExit;
    expect(info.signal).toBe(15);
  });

  test('wide characters through the agent still give rows of exactly cols cells', async () => {
    const a = make(`printf 'a中文b😀\\n\\033[42m日本語\\033[0m\\n'`, { cols: 13, rows: 4 });
    await a.exited;
    const s = a.terminal.snapshot();
    for (let y = 0; y < s.rows; y++) {
      expect(rowCells(s.lines[y])).toBe(13);
      expect(rowCells(a.terminal.readRow(y))).toBe(13);
    }
    expect(rowText(s.lines[0]).startsWith('a中文b😀')).toBe(true);
    expect(s.lines[1][0]).toMatchObject({ text: '日本語', width: 6, bg: 2 });
  });

  test('flow control: a flood with tiny watermarks arrives complete and bounded', async () => {
    // 5 MB of one long wrapped line, then numbers: parsing that is slower than reading it. The
    // final sleep keeps the exit-time drain (which may hand over a last buffer at once) out of it.
    // Output is parsed within a turn of the event loop, so the high watermark is below one PTY
    // read (4 KiB here): every read crosses it and must pause reading.
    const a = make(`sh -c "head -c 5000000 /dev/zero | tr '\\\\0' x; echo; seq 1 50000; sleep 0.3"`, {
      highWater: 1024,
      lowWater: 256,
      scrollback: 100,
    });
    let maxPending = 0;
    a.onOutput(() => {
      maxPending = Math.max(maxPending, a.terminal.pendingBytes());
    });
    const origWrite = a.terminal.write.bind(a.terminal);
    a.terminal.write = (d: string) => {
      origWrite(d);
      maxPending = Math.max(maxPending, a.terminal.pendingBytes());
    };
    await a.exited;
    const lines = screenText(a.terminal).split('\n').filter(Boolean);
    expect(lines[lines.length - 1]).toBe('50000');
    expect(lines[0]).toBe(String(50000 - lines.length + 1));
    // the watermark was crossed (so reading paused), and by at most one 64 KiB read
    expect(maxPending).toBeGreaterThan(1024);
    expect(maxPending).toBeLessThanOrEqual(1024 + 65536);
  });

  test('dispose kills a child that ignores SIGHUP and is idempotent', async () => {
    const a = make(`sh -c 'trap "" HUP; echo ready; sleep 100'`);
    await waitForScreen(a, /ready/);
    const pid = a.info.pid!;
    const p1 = a.dispose();
    expect(a.dispose()).toBe(p1);
    await p1;
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });
});
