import fs from 'node:fs';
import path from 'node:path';
import type { Hub } from '../../src/app/hub.js';
import type { FakeClock } from './fake-clock.js';
import type { ScriptedPty, ScriptedPtys } from './scripted-pty.js';

/** How long a lone ESC waits for the rest of a sequence (KeyParser's default). */
const ESCAPE_TIMEOUT_MS = 25;
/** A hub that never settles is a failure (with a message), not a hung test. */
const SETTLE_BOUND_MS = 10_000;

const realTurn = () => new Promise<void>((r) => setImmediate(r));
const realPause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A real hub (Lua worker, reducer, frames, key tables) whose agents are scripted terminals and
 * whose time is a FakeClock: time moves when the test says (advance), and only then do the idle
 * timer, the status checks, key timeouts and notices' expiry come due.
 */
export class ScriptedHub {
  constructor(
    readonly hub: Hub,
    readonly clock: FakeClock,
    readonly ptys: ScriptedPtys,
  ) {}

  /** The scripted terminal of the agent with this name (or id). */
  agent(nameOrId: string): ScriptedPty {
    const agent = this.hub.agents.list().find((a) => a.name === nameOrId) ?? this.hub.agents.get(nameOrId);
    const pty = agent && this.ptys.byAgent(agent.id);
    if (!pty)
      throw new Error(
        `no scripted agent ${JSON.stringify(nameOrId)} (agents: ${
          this.hub.agents
            .list()
            .map((a) => a.name)
            .join(', ') || 'none'
        })`,
      );
    return pty;
  }

  /** The hub's current frame as text. */
  screen(): string {
    return this.hub.screen().toText();
  }

  /**
   * Lets everything that is due now finish: output handed over and parsed, key actions, hooks and
   * status checks answered by Lua, the frame drawn. Time stands still, but for a frame the rate cap holds back
   * (the clock moves on to it, as it would while the hub waits to draw), up to `limit`.
   */
  async settle(limit = Infinity): Promise<void> {
    const bound = Date.now() + SETTLE_BOUND_MS;
    let idle = false;
    let watching = false;
    for (let calm = 0; calm < 3;) {
      if (Date.now() > bound)
        throw new Error(`the hub did not settle within ${SETTLE_BOUND_MS} ms; frame:\n${this.screen()}`);
      if (!watching) {
        watching = true;
        idle = false;
        void this.hub.whenIdle().then(() => {
          idle = true;
          watching = false;
        });
      }
      await realTurn();
      const at = this.clock.nextAt();
      if (this.hub.scheduler.waiting && at !== null && at <= limit) {
        this.clock.fireNext();
        calm = 0;
        continue;
      }
      const parsing = this.hub.agents.list().some((a) => a.terminal.pendingBytes() > 0);
      // A frame the rate cap holds past `limit` is for a later settle (time may not move there yet).
      const held = this.hub.scheduler.waiting && at !== null && at > limit;
      const drawing = (!idle || this.hub.busy) && !held;
      const busy = drawing || parsing || this.ptys.pendingOutput || this.hub.lua.unanswered > 0;
      if (!busy) calm++;
      else {
        calm = 0;
        // Waiting on the Lua worker (another thread): give it the CPU instead of spinning.
        if (!parsing && !this.ptys.pendingOutput) await realPause(1);
      }
    }
  }

  /** Moves the hub's time on by `ms`, each timer firing in turn with the hub settled after it. */
  async advance(ms: number): Promise<void> {
    const to = this.clock.now() + ms;
    await this.settle(to);
    await this.clock.advanceTo(to, () => this.settle(to));
    await this.settle();
  }

  /**
   * Types `keys` as a user would and waits until the hub handled them (a lone ESC, and alt+] alt+P
   * alt+_, which may begin a terminal's reply, count once the escape timeout passed).
   */
  async press(keys: string): Promise<void> {
    this.hub.input(keys);
    await this.settle();
    if (/\x1b[\]P_]?$/.test(keys)) await this.advance(ESCAPE_TIMEOUT_MS);
  }

  /**
   * Waits for something real (the Lua worker's answer to a status check, a hook, a file event):
   * settles again and again until `ok()` (which may itself wait, e.g. for a frame drawn now);
   * time stands still meanwhile.
   */
  async until(ok: () => boolean | Promise<boolean>, what = 'the condition', ms = 8000): Promise<void> {
    const end = Date.now() + ms;
    for (;;) {
      await this.settle();
      if (await ok()) return;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; frame:\n${this.screen()}`);
      await realPause(5);
    }
  }

  /**
   * Saves `source` as the file `rel` of the hub's home and reloads it, as the watcher does after a
   * save (file watching itself is tested end to end). A file with an error is looked at again once it
   * is still (a real 120 ms): wait for its error with `until`.
   */
  async save(rel: string, source: string): Promise<void> {
    const file = path.join(this.hub.opts.home, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, source);
    await this.hub.config.reload([file]);
    await this.settle();
  }

  /** Waits until the frame matches `re` (see until) and returns it. */
  async frame(re: RegExp, ms = 8000): Promise<string> {
    let text = '';
    try {
      await this.until(() => re.test((text = this.screen())), `a frame matching ${re}`, ms);
    } catch {
      throw new Error(`frame never matched ${re}; last frame:\n${text}`);
    }
    return text;
  }
}
