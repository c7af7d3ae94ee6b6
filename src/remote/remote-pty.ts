import type { PtyExit, PtyProcess } from '../pty/pty-process.js';
import { ExitListeners } from '../pty/exit-listeners.js';

// A remote agent's "PTY" in the hub that mirrors it: what it writes is the screen updates its own
// hub sends (while it is shown here), what we write goes there as keys. Its process lives on the
// other machine: nothing here signals or waits for it.

export interface RemoteEnd {
  input(id: string, data: string): void;
  resize(id: string, cols: number, rows: number): void;
  kill(id: string): void;
}

export class RemotePty implements PtyProcess {
  private dataCbs = new Set<(data: string) => void>();
  private readonly exits = new ExitListeners();

  constructor(
    private readonly end: RemoteEnd,
    /** The agent's id on its own hub. */
    readonly remoteId: string,
    /** Its process id there (0: unknown); not one of ours. */
    public pid: number,
  ) {}

  write(data: string): void {
    if (!this.exits.info) this.end.input(this.remoteId, data);
  }

  resize(cols: number, rows: number): void {
    if (!this.exits.info) this.end.resize(this.remoteId, cols, rows);
  }

  pause(): void {}
  resume(): void {}

  /** Its hub says which program runs in it (agent.setRemoteFacts): nothing here to look at. */
  foreground(): string[] | null {
    return null;
  }

  /** Not one of ours: nothing here waits for its process group. */
  groupAlive(): boolean {
    return false;
  }

  /** Stops it there (its own hub decides how; before_agent_kill handlers there have their say). */
  kill(): void {
    if (!this.exits.info) this.end.kill(this.remoteId);
  }

  onData(cb: (data: string) => void): () => void {
    this.dataCbs.add(cb);
    return () => this.dataCbs.delete(cb);
  }

  onExit(cb: (e: PtyExit) => void): () => void {
    return this.exits.on(cb);
  }

  /** A screen update from its hub. */
  feed(data: string): void {
    for (const cb of this.dataCbs) cb(data);
  }

  /** Its hub says it exited. */
  exited(exitCode: number, signal: number | null): void {
    this.exits.fire({ exitCode, signal });
  }

  dispose(): void {
    this.dataCbs.clear();
    this.exits.clear();
  }
}
