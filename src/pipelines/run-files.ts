// Each run is a file, HOME/pipelines/RUN.json, written whole (through a temporary file) each time
// it changes: `pipeline ls` reads them, and a run's last state survives the hub.
import fs from 'node:fs';
import path from 'node:path';
import type { PipelineRun } from './run.js';

export class RunFiles {
  constructor(readonly dir: string) {}

  save(run: PipelineRun): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, `${run.id}.json`);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(run, null, 1));
    fs.renameSync(`${file}.tmp`, file);
  }

  /** Every run kept, newest first (a file that cannot be read is left out). */
  list(): PipelineRun[] {
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.dir).filter((f) => f.endsWith('.json'));
    } catch {
      return [];
    }
    return names
      .flatMap((f) => {
        try {
          return [JSON.parse(fs.readFileSync(path.join(this.dir, f), 'utf8')) as PipelineRun];
        } catch {
          return [];
        }
      })
      .sort((a, b) => b.started_at - a.started_at);
  }

  /** The next free id: p1, p2, ... */
  newId(): string {
    const taken = new Set(this.list().map((r) => r.id));
    let n = taken.size + 1;
    while (taken.has(`p${n}`)) n++;
    return `p${n}`;
  }
}
