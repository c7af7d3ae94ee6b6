import fs from 'node:fs';
import path from 'node:path';

/** Appends to $BOTSTER_HOME/logs/hub.log; logging must never take the hub down. */
export class HubLog {
  private readonly file: string;
  private ready = false;

  constructor(home: string) {
    this.file = path.join(home, 'logs', 'hub.log');
  }

  write(level: string, message: string): void {
    try {
      if (!this.ready) {
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        this.ready = true;
      }
      fs.appendFileSync(this.file, `${new Date().toISOString()} ${level.toUpperCase()} ${message}\n`);
    } catch {
      // a full disk or a read-only home must not stop the hub
    }
  }

  get path(): string {
    return this.file;
  }
}
