import { LuaEngine } from '../engine/index.js';
import type { ConfigFile } from './config-file.js';
import type { LogFn } from './engine-unit.js';
import type { LuaTasks } from './lua-tasks.js';
import type { Persisted } from './persisted.js';
import { installHostCalls, prepareWorld, runConfigFiles } from './config-load.js';
import { installPrimitives } from './primitives.js';
import { FULL_TRUST } from './task-grants.js';
import { LOAD_BUDGET_MS, MEMORY_MB } from './config-limits.js';
import { moduleRootOf } from './user-modules.js';
import { WarmSandboxes } from './warm-sandboxes.js';
import { sandboxedFiles } from './sandboxed-files.js';

// A reload builds a fresh state and runs every file in it, and the shipped files (~450 KB of
// lua/core, lua/default and keybindings/) are most of that work, the same on every save. So once a
// configuration is built, the next build is begun ahead: a fresh state with the shipped files run,
// exactly as a build does them first. A save then runs only what follows (your files, projects',
// improvements' and plugins' states, the checks). It is used only when it is what a build from
// scratch would have reached: the same shipped files (names and text), the same persisted state
// and module root; otherwise it is thrown away and the build starts from nothing. Nothing in it
// runs before it is taken (timers and requests start when a configuration goes live), and it is
// taken once: every configuration is still a fresh state.

const SHIPPED = new Set<ConfigFile['layer']>(['core', 'default', 'keybindings']);

/** How many leading files are shipped ones (what a standby runs ahead). */
export function shippedPrefix(files: ConfigFile[]): number {
  let n = 0;
  while (n < files.length && SHIPPED.has(files[n].layer)) n++;
  return n;
}

/** What the standby's first files read: a build from scratch with another of these differs. */
function startKey(files: ConfigFile[], persisted: Persisted): string {
  return JSON.stringify([
    persisted.user_state ?? {},
    persisted.namespaces ?? {},
    moduleRootOf(files),
    process.env.BOTSTER_NOTIFY ?? null,
  ]);
}

export interface Started {
  engine: LuaEngine;
  tasks: LuaTasks;
  /** Files already run (files[0..ran)). */
  ran: number;
}

export class ConfigStandby {
  private taken = false;
  /** The sandboxed files' states, made ahead; usable whether or not the shipped prefix fits. */
  sandboxes: WarmSandboxes | null = null;

  private constructor(
    private readonly started: Started,
    private readonly prefix: ConfigFile[],
    private readonly key: string,
  ) {}

  /**
   * A fresh state with `files`' shipped prefix run, yielding between files (so a render asked of
   * this thread meanwhile waits one file, not the whole prefix). Throws what a build would.
   */
  static async prepare(files: ConfigFile[], log: LogFn, persisted: Persisted): Promise<ConfigStandby> {
    const engine = await LuaEngine.create({
      memoryLimit: MEMORY_MB * 1024 * 1024,
      defaultBudgetMs: LOAD_BUDGET_MS,
    });
    let tasks: LuaTasks | null = null;
    try {
      installHostCalls(engine, log);
      tasks = installPrimitives(engine, null, FULL_TRUST);
      prepareWorld(engine, files, persisted);
      const n = shippedPrefix(files);
      for (let i = 0; i < n; i++) {
        runConfigFiles(engine, files, i, i + 1);
        await new Promise((r) => setImmediate(r));
      }
      const standby = new ConfigStandby(
        { engine, tasks, ran: n },
        files.slice(0, n),
        startKey(files, persisted),
      );
      // Then the improvements' and plugins' own states (not waited for: warm-sandboxes.ts).
      standby.sandboxes = WarmSandboxes.begin(
        sandboxedFiles(files, persisted.improvements ?? {}).map((f) => f.spec),
        files.filter((f) => f.layer === 'core'),
        log,
      );
      return standby;
    } catch (err) {
      tasks?.stop();
      engine.close();
      throw err;
    }
  }

  /** Whether a build of `files` from scratch would reach this state after its first files. */
  fits(files: ConfigFile[], persisted: Persisted): boolean {
    if (this.taken || shippedPrefix(files) !== this.prefix.length) return false;
    for (let i = 0; i < this.prefix.length; i++) {
      const a = files[i];
      const b = this.prefix[i];
      if (
        a.name !== b.name ||
        a.layer !== b.layer ||
        a.source !== b.source ||
        a.module !== b.module ||
        a.project !== b.project
      )
        return false;
    }
    return startKey(files, persisted) === this.key;
  }

  /** The state, for one build (it owns it from now on). */
  take(): Started {
    this.taken = true;
    return this.started;
  }

  dispose(): void {
    this.sandboxes?.dispose();
    if (this.taken) return;
    this.taken = true;
    this.started.tasks.stop();
    this.started.engine.close();
  }
}

/** The one standby a thread keeps: begun after each build, taken (or thrown away) by the next. */
export class StandbySlot {
  private next: Promise<ConfigStandby | null> | null = null;

  /** Begins the next build ahead (a standby that does not load is no standby: the build tells why). */
  begin(files: ConfigFile[], log: LogFn, persisted: Persisted): void {
    this.drop();
    this.next = ConfigStandby.prepare(files, log, persisted).catch(() => null);
  }

  /** The standby (waiting for the rest of it if it is still being run), or null. */
  async take(): Promise<ConfigStandby | null> {
    const next = this.next;
    this.next = null;
    return next ? await next : null;
  }

  drop(): void {
    const next = this.next;
    this.next = null;
    void next?.then((s) => s?.dispose());
  }
}
