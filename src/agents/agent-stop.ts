import type { PtyProcess } from '../pty/pty-process.js';
import { GroupKill } from './group-kill.js';
import type { AgentInfo } from './types.js';

const DISPOSE_WAIT_MS = 3000;

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * How an agent's child ends: signalled with its process group (SIGKILL for what is left a moment
 * later), let go of for its keeper (the server stops for another), or disposed of (killed, waited
 * for, bounded, then everything freed). A remote agent's own hub stops it.
 */
export class AgentStop {
  private readonly groupKill = new GroupKill();
  private disposing: Promise<void> | null = null;
  /** Let go of, not stopped: its keeper holds it for the next server. */
  private released = false;

  constructor(
    private readonly o: {
      pty: () => PtyProcess | null;
      /** The PTY's leader exited. */
      ptyExited: () => boolean;
      /** Runs on another machine. */
      remote: boolean;
      exited: Promise<AgentInfo>;
      /** Frees the agent's own parts (its PTY unless released: the keeper holds it). */
      free: (released: boolean) => void;
    },
  ) {}

  /** Leader gone, but are members of its process group (e.g. ignoring SIGHUP) still around? */
  groupAlive(): boolean {
    const pty = this.o.pty();
    return pty !== null && pty.groupAlive();
  }

  /** The PTY's leader exited: no SIGKILL for a group that is gone. */
  ptyExited(): void {
    if (this.groupKill.armed && !this.groupAlive()) this.groupKill.stop();
  }

  kill(signal: NodeJS.Signals): void {
    const pty = this.o.pty();
    if (!pty) return;
    if (this.o.ptyExited() && !this.groupAlive()) return;
    pty.kill(signal);
    // Another machine's: its own hub stops it (and says when it exited).
    if (this.o.remote) return;
    if (signal === 'SIGKILL') return;
    this.groupKill.arm(pty, () => this.o.ptyExited() && !this.groupAlive());
  }

  get keepable(): boolean {
    return !this.o.ptyExited() && typeof this.o.pty()?.release === 'function';
  }

  release(): Promise<void> {
    if (this.keepable) {
      this.released = true;
      this.o.pty()!.release!();
    }
    return this.dispose();
  }

  dispose(): Promise<void> {
    if (this.disposing) return this.disposing;
    this.disposing = (async () => {
      // A remote agent lives on without us: letting go of it here stops nothing there; nor does
      // letting go of one its keeper holds.
      if (!this.o.remote && !this.released) {
        this.kill('SIGHUP');
        await Promise.race([this.o.exited, delay(DISPOSE_WAIT_MS)]);
      }
      if (this.groupKill.armed && this.groupAlive()) await this.groupKill.settled;
      else this.groupKill.stop();
      this.o.free(this.released);
    })();
    return this.disposing;
  }
}
