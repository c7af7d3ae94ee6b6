import type { ConfigFile } from './config-file.js';
import type { LogFn } from './engine-unit.js';
import { closeSandbox, prepareSandbox, type PreparedSandbox, type SandboxSpec } from './improvement-unit.js';

// Each improvement and plugin runs in a state of its own, and making one (its primitives, the core
// modules, its sealed world) is ~2 ms of the same work on every reload: with 25 improvements live,
// half of a push. So after a build, the states the next build will want are made ahead, each up to
// its own code. One is used only for the same spec (name, file, grants, its state's tables) and the
// same core modules; the next build's code then runs in it, as in a fresh one. Taking them never
// waits: what is not ready yet the build makes itself.

const keyOf = (spec: SandboxSpec) =>
  JSON.stringify([spec.name, spec.file, spec.plugin ?? null, spec.grant ?? null, spec.namespaces ?? null]);

export class WarmSandboxes {
  private readonly ready = new Map<string, PreparedSandbox>();
  private stopped = false;
  /** No more are begun (a build is taking them); those ready stay. */
  private halted = false;
  /** Settles once every state wanted is made (or making them stopped). */
  done: Promise<void> = Promise.resolve();

  private constructor(private readonly core: ConfigFile[]) {}

  /** Begins making the states of `specs` (a configuration's sandboxed files), yielding between them. */
  static begin(specs: SandboxSpec[], core: ConfigFile[], log: LogFn): WarmSandboxes {
    const warm = new WarmSandboxes(core);
    warm.done = warm.fill(specs, log);
    return warm;
  }

  private async fill(specs: SandboxSpec[], log: LogFn): Promise<void> {
    for (const spec of specs) {
      await new Promise((r) => setImmediate(r));
      if (this.stopped || this.halted) return;
      const key = keyOf(spec);
      if (this.ready.has(key)) continue;
      try {
        const p = await prepareSandbox(spec, this.core, log);
        if (this.stopped) closeSandbox(p);
        else this.ready.set(key, p);
      } catch {
        // not made ahead: the build makes it and tells why
      }
    }
  }

  /**
   * Begins no more: a build is taking them and makes the rest itself (both at once would be the
   * same work twice on this thread, in the build's own time).
   */
  halt(): void {
    this.halted = true;
  }

  /** The state made for `spec` with these core modules, if it is ready (taken once). */
  take(spec: SandboxSpec, core: ConfigFile[]): PreparedSandbox | undefined {
    if (!sameCore(this.core, core)) return undefined;
    const key = keyOf(spec);
    const p = this.ready.get(key);
    this.ready.delete(key);
    return p;
  }

  /** Stops making them and closes what nobody took. */
  dispose(): void {
    this.stopped = true;
    for (const p of this.ready.values()) closeSandbox(p);
    this.ready.clear();
  }
}

function sameCore(a: ConfigFile[], b: ConfigFile[]): boolean {
  return a.length === b.length && a.every((f, i) => f.name === b[i].name && f.source === b[i].source);
}
