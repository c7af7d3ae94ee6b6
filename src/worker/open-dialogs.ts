import type { ConfigRuntime } from '../lua/runtime/config-runtime.js';
import type { LuaRequest } from '../hub/requests.js';

/** How many replaced configurations stay alive for their open dialogs. */
const MAX_RETIRED = 2;

interface OpenDialog {
  rt: ConfigRuntime;
  id: number;
  owner?: string;
}

/**
 * Dialogs Lua opened, by the ref the host knows them by: the configuration (live or replaced by a
 * reload) and the Lua state (an improvement's, or the main one) whose callback answers. A replaced
 * configuration with a dialog open stays alive to answer it (at most MAX_RETIRED of them).
 */
export class OpenDialogs {
  private readonly dialogs = new Map<number, OpenDialog>();
  private readonly retired: ConfigRuntime[] = [];
  private lastRef = 0;

  /** Gives each dialog the requests open a ref of the host's (ids in Lua are per Lua state). */
  publish(rt: ConfigRuntime, requests: LuaRequest[], owner?: string | null): LuaRequest[] {
    for (const e of requests) {
      // A dialog, or a callback waiting for the host's answer (app:worktree_status).
      if (!e || !('dialog' in e) || typeof e.dialog !== 'number') continue;
      this.dialogs.set(++this.lastRef, { rt, id: Number(e.dialog), ...(owner ? { owner } : {}) });
      e.dialog = this.lastRef;
    }
    return requests;
  }

  /** A configuration is done with: disposed, unless one of its dialogs is still open (its timers stop either way). */
  retire(rt: ConfigRuntime): void {
    rt.stopTasks();
    if (!this.has(rt)) return rt.dispose();
    this.retired.push(rt);
    while (this.retired.length > MAX_RETIRED) this.forget(this.retired.shift()!);
  }

  /** The dialog of a ref, to be answered (once: it is no longer open). */
  take(ref: number): OpenDialog | undefined {
    const d = this.dialogs.get(ref);
    if (d) this.dialogs.delete(ref);
    return d;
  }

  /** After an answer: a replaced configuration with no dialog left open goes. */
  answered(rt: ConfigRuntime): void {
    const i = this.retired.indexOf(rt);
    if (i >= 0 && !this.has(rt)) this.forget(this.retired.splice(i, 1)[0]);
  }

  private has(rt: ConfigRuntime): boolean {
    return [...this.dialogs.values()].some((d) => d.rt === rt);
  }

  private forget(rt: ConfigRuntime): void {
    for (const [ref, d] of this.dialogs) if (d.rt === rt) this.dialogs.delete(ref);
    rt.dispose();
  }
}
