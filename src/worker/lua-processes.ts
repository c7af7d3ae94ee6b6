// The processes Lua started in the worker (process.run, git.*), by process group: the worker may
// be killed (a runaway call) or the hub disposed while one runs, and then nobody else would stop it.
// Those a plugin, an improvement or an untrusted project ran are known by who ran them: what they
// start is never taken for you (the web's sessions are yours alone, src/server/web-control.ts).
export class LuaProcesses {
  private readonly pids = new Map<number, string | null>();
  private readonly sandboxedPids = new Map<number, string>();

  note({ pid, alive, who }: { pid: number; alive: boolean; who?: string | null }): void {
    if (alive) {
      this.pids.set(pid, who ?? null);
      if (who) this.sandboxedPids.set(pid, who);
    } else {
      this.pids.delete(pid);
      this.sandboxedPids.delete(pid);
    }
  }

  /** The running processes sandboxed Lua started (each its own session), with who ran each. */
  get sandboxed(): ReadonlyMap<number, string> {
    return this.sandboxedPids;
  }

  stopAll(): void {
    for (const pid of this.pids.keys()) {
      try {
        process.kill(-pid, 'SIGKILL'); // its group: what it started too
      } catch {
        // gone already
      }
    }
    this.pids.clear();
    this.sandboxedPids.clear();
  }
}
