import fs from 'node:fs';
import path from 'node:path';

/** Past this a namespace is not saved (and the user is told): state is for settings, not data. */
export const STATE_CAP_BYTES = 1024 * 1024;

/** $BOTSTER_HOME/state/NAMESPACE.json for state.get(ns, default, { persist = true }). */
export class StateStore {
  private readonly dir: string;

  constructor(home: string) {
    this.dir = path.join(home, 'state');
  }

  /** Every saved namespace; unreadable files are reported and skipped. */
  load(report: (message: string) => void): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let names: string[];
    try {
      names = fs.readdirSync(this.dir).filter((n) => n.endsWith('.json'));
    } catch {
      return out;
    }
    for (const name of names) {
      const file = path.join(this.dir, name);
      try {
        out[name.slice(0, -5)] = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (err) {
        report(`${file}: cannot restore state: ${(err as Error).message}`);
      }
    }
    return out;
  }

  /** Writes each namespace atomically; returns the errors (over the cap, disk trouble). */
  save(namespaces: Record<string, unknown>): string[] {
    const errors: string[] = [];
    for (const [ns, value] of Object.entries(namespaces)) {
      const json = JSON.stringify(value ?? {});
      const file = path.join(this.dir, `${ns}.json`);
      if (json.length > STATE_CAP_BYTES) {
        errors.push(
          `state "${ns}" is ${json.length} bytes, over the ${STATE_CAP_BYTES} byte cap: not saved to ${file}`,
        );
        continue;
      }
      try {
        fs.mkdirSync(this.dir, { recursive: true });
        fs.writeFileSync(`${file}.tmp`, json);
        fs.renameSync(`${file}.tmp`, file);
      } catch (err) {
        errors.push(`${file}: cannot save state: ${(err as Error).message}`);
      }
    }
    return errors;
  }
}
