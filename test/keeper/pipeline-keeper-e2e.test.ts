import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, ptyEnv, run, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { waitDead } from '../support/process-alive.js';
import { until } from '../support/wait.js';
import type { PipelineRun } from '../../src/pipelines/run.js';

// A pipeline in flight when its hub server is killed -9 goes on with the next server: the step's
// agent is the same process (its keeper held it), its turn is not typed again, and its answer is
// read as if nothing happened.

const { running, dotHome } = stoppedAfterEach();
const FAKE = `node ${JSON.stringify(path.join(path.dirname(fileURLToPath(import.meta.url)), '../pipelines/fake-cli.mjs'))}`;
const cliEnv = { ...process.env, CI: 'true', BOTSTER_SOCKET: undefined, BOTSTER_AGENT_ID: undefined };

function cli(home: string, ...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args, '--home', home], {
    encoding: 'utf8',
    env: cliEnv,
    timeout: 30000,
  }).stdout;
}
function runFile(home: string): PipelineRun | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(home, 'pipelines', 'p1.json'), 'utf8')) as PipelineRun;
  } catch {
    return null;
  }
}

describe('a pipeline in flight through a kill -9 of its hub server', () => {
  it(
    'goes on with the same agent, its prompt typed once, and ends with its answer',
    { timeout: 90000 },
    async () => {
      const home = dotHome();
      const dir = path.join(path.dirname(home), 'work dir');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, 'slow.lua');
      fs.writeFileSync(
        file,
        `pipelines.define{ id = "slow", strategy = { kind = "sequential", steps = {
        { id = "only", command = ${JSON.stringify(FAKE)}, prompt = "sleep 4000; answer slow-done-42" },
      } } }\n`,
      );
      const first = run(['--home', home], 100, 30, { env: ptyEnv() });
      running.push(first);
      await waitScreen(first, /Agents: 1/);
      const pipeline = spawn(process.execPath, [BIN, 'pipeline', 'run', file, '--home', home], {
        cwd: dir,
        env: cliEnv,
        stdio: 'ignore',
      });
      try {
        // The prompt went in: the step is at work, its answer still to come.
        await until('the prompt typed', () => runFile(home)?.steps.only?.from_line !== undefined, 30000);
        const step = runFile(home)!.steps.only;
        expect(step.state).toBe('working');
        const pid = step.agent!.pid!;
        expect(pid).toBeGreaterThan(0);
        const server = (JSON.parse(cli(home, 'ls', '--json')) as { pid: number }).pid;
        process.kill(server, 'SIGKILL');
        expect(await waitDead([server])).toEqual([]);
        const second = run(['--home', home], 100, 30, { env: ptyEnv() });
        running.push(second);
        await until('the run ended', () => ['done', 'failed'].includes(runFile(home)?.status ?? ''), 40000);
        const r = runFile(home)!;
        expect(r.status).toBe('done');
        expect(r.steps.only).toMatchObject({ state: 'done', answer: 'slow-done-42', agent: { pid } });
        // Typed once: the CLI said it got one message.
        const screen = cli(home, 'read', String(r.steps.only.agent!.id), '--scrollback');
        expect(screen.match(/answer slow-done-42/g)).toHaveLength(1);
      } finally {
        pipeline.kill();
      }
    },
  );
});
