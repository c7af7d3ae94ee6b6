// Improvements that wait for the user's answer (the policy said "collaborative"), one file each in
// $BOTSTER_HOME/improvements/.waiting/, so that `botster-tui improvements list` sees them without
// asking the hub. The hub that asked owns them: a new hub clears what a dead one left (nobody
// waits for those answers any more; the agent pushes again).
import fs from 'node:fs';
import path from 'node:path';

export interface WaitingImprovement {
  name: string;
  /** The agent that pushed it (null: a file dropped into improvements/). */
  agent_id: string | null;
  reasoning: string;
  /** When it started waiting (ISO). */
  at: string;
}

export class WaitingImprovements {
  private readonly dir: string;

  constructor(home: string) {
    this.dir = path.join(path.resolve(home), 'improvements', '.waiting');
  }

  save(w: WaitingImprovement): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = path.join(this.dir, `${w.name}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(w) + '\n', { mode: 0o600 });
    fs.renameSync(tmp, file);
  }

  remove(name: string): void {
    fs.rmSync(path.join(this.dir, `${name}.json`), { force: true });
  }

  /** What waits, oldest first (files that do not read as one are skipped). */
  list(): WaitingImprovement[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    const out: WaitingImprovement[] = [];
    for (const n of names) {
      try {
        const w = JSON.parse(fs.readFileSync(path.join(this.dir, n), 'utf8')) as WaitingImprovement;
        if (typeof w?.name === 'string') out.push(w);
      } catch {
        // half-written or not ours
      }
    }
    return out.sort((a, b) => a.at.localeCompare(b.at));
  }

  clear(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
