import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { WorkerRpc, WorkerTimeoutError } from '../lua/worker-rpc/index.js';
import type { EarlyWorker } from '../lua/worker-rpc/worker-rpc.js';
import type { ConfigFile } from '../lua/runtime/config-file.js';
import type { PipelineTrial } from '../lua/runtime/pipeline-trial.js';
import {
  LuaStalledError,
  type CaseInput,
  type ImprovementAnalysis,
  type PolicyDecision,
  type WorkerMemory,
} from './lua-answers.js';

// The Lua worker's script, one call into it (bounded: stopped, and said, when it does not answer in
// time), and the calls that try code on trial there (a pushed improvement, a pipeline file, the
// review policy), where nothing goes live; and the worker's memory. LuaHost (lua-host.ts) is the rest of the handle.

declare const __BOTSTER_BUNDLE__: boolean | undefined;

// Workers need compiled JavaScript: the bundled CLI uses the bundled worker beside it (run from
// V8's code cache by its entry); code running from src (tests) or from tsc's dist uses tsc's
// compiled worker.
const here = path.dirname(fileURLToPath(import.meta.url));
export const WORKER_SCRIPT =
  typeof __BOTSTER_BUNDLE__ !== 'undefined' && __BOTSTER_BUNDLE__
    ? path.join(here, 'lua-worker-entry.cjs')
    : path.join(path.resolve(here, '../..'), 'dist/worker/lua-worker.js');

export const CONFIGURE_TIMEOUT_MS = 1500;
/** Two adapter runs per case over a few hundred cases. */
const CORPUS_TIMEOUT_MS = 20000;
export const RENDER_TIMEOUT_MS = 300;
/** Above the Lua budget of a resume call (RESUME_BUDGET_MS): the budget stops it first. */
export const RESUME_TIMEOUT_MS = 8000;

/** The worker's calls that need no configuration of the host's: see the file comment. */
export class WorkerCalls {
  protected readonly rpc: WorkerRpc;

  constructor(script: string = WORKER_SCRIPT, adopt?: EarlyWorker) {
    this.rpc = new WorkerRpc({ script, defaultTimeoutMs: RENDER_TIMEOUT_MS, adopt });
  }

  /** One call into the worker, stopped (and said) when it does not answer in time. */
  async call<T>(method: string, params: unknown, what: string): Promise<T> {
    try {
      return await this.rpc.request<T>(method, params, { timeoutMs: RENDER_TIMEOUT_MS });
    } catch (err) {
      if (err instanceof WorkerTimeoutError)
        throw new LuaStalledError(`${what} did not return within ${RENDER_TIMEOUT_MS} ms (stopped)`);
      throw err;
    }
  }

  /** Loads a pushed improvement on trial (in the worker, sandboxed) and reports what it registers. */
  analyzeImprovement(
    name: string,
    source: string,
    core: ConfigFile[],
    /** How its errors name the file (default improvements/NAME.lua). */
    file?: string,
  ): Promise<ImprovementAnalysis> {
    return this.call<ImprovementAnalysis>(
      'analyzeImprovement',
      { name, source, core, ...(file !== undefined ? { file } : {}) },
      `loading improvement ${name}`,
    );
  }

  /**
   * An agent's pipeline file on trial (in the worker, sandboxed, never in the configuration): the
   * pipelines it defines, as data, and what else it would register.
   */
  pipelineTrial(
    file: { path: string; source: string },
    core: ConfigFile[],
    profiles: string[],
  ): Promise<PipelineTrial> {
    return this.call<PipelineTrial>('pipelineTrial', { file, core, profiles }, `pipeline file ${file.path}`);
  }

  /**
   * What the adapters answer for each case with the live configuration (`before`) and with the
   * improvement on trial (`after`): its review sees which cases it would break or fix.
   */
  corpusCheck(
    name: string,
    source: string,
    core: ConfigFile[],
    cases: CaseInput[],
  ): Promise<Array<{ before: string | null; after: string | null }>> {
    return this.rpc.request('corpusCheck', { name, source, core, cases }, { timeoutMs: CORPUS_TIMEOUT_MS });
  }

  /** Runs the policy (in the worker, so not even a runaway policy can stall the hub). */
  review(policy: { source: string; name: string } | null, change: unknown): Promise<PolicyDecision> {
    return this.rpc.request<PolicyDecision>(
      'review',
      { policy, change },
      { timeoutMs: CONFIGURE_TIMEOUT_MS },
    );
  }

  /** The worker's young generation now, and its heap after a full GC when node runs with --expose-gc (leak tests, benches). */
  memory(): Promise<WorkerMemory> {
    return this.rpc.request<WorkerMemory>('memory', {}, { timeoutMs: CONFIGURE_TIMEOUT_MS });
  }
}
