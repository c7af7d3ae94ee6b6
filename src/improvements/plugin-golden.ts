// A plugin made from an improvement gets its golden frame at once: `botster-tui test DIR` runs its
// test in a process of its own (a fixture hub with its own PTYs, never the running hub's), and the
// first run writes the frame it compares with from then on (cli/lua-test/golden.ts).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// (dist/improvements/ and dist/bundle/ are both two folders below the package: bin/ is beside them)
const BIN = fileURLToPath(new URL('../../bin/botster-tui.js', import.meta.url));
/** A test that has not answered by then is stopped (its fixture bounds its own waits at 15 s). */
const BOUND_MS = 120_000;

export interface GoldenRun {
  /** botster-tui test's exit code (0: passed, the golden written). */
  code: number;
  /** What it printed (its results and its `N passed, N failed` line). */
  output: string;
}

export function firstTestRun(dir: string, home: string): Promise<GoldenRun> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    // (the test is the user's command's, whoever asked: its fixture is no agent's)
    delete env.BOTSTER_AGENT_ID;
    const child = spawn(process.execPath, [BIN, 'test', dir, '--home', home], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), BOUND_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: 1, output: `${output}could not run botster-tui test: ${err.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output: signal ? `${output}stopped (${signal})` : output });
    });
  });
}
