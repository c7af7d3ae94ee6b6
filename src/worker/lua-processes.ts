// The processes Lua started in the worker (process.run, git.*), by process group: the worker may
// be killed (a runaway call) or the hub disposed while one runs, and then nobody else would stop it.
export class LuaProcesses {
  private readonly pids = new Set<number>();

  note({ pid, alive }: { pid: number; alive: boolean }): void {
    if (alive) this.pids.add(pid);
    else this.pids.delete(pid);
  }

  stopAll(): void {
    for (const pid of this.pids) {
      try {
        process.kill(-pid, 'SIGKILL'); // its group: what it started too
      } catch {
        // gone already
      }
    }
    this.pids.clear();
  }
}
