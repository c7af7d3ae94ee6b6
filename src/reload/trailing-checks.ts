import { signature } from './file-signatures.js';

const TRAILING_CHECK_MS = 70;

/**
 * chokidar drops a second change to the same file within 50 ms (no trailing event), so a quick
 * second save would be lost: each file noted is looked at once more after that window, and told
 * again if its signature moved meanwhile.
 */
export class TrailingChecks {
  private readonly trailing = new Map<string, { sig: string | null; timer: NodeJS.Timeout }>();

  constructor(private readonly changed: (file: string) => void) {}

  /** `file` was just noted: look again after the window (one look per file, the latest). */
  arm(file: string): void {
    const prev = this.trailing.get(file);
    if (prev) clearTimeout(prev.timer);
    const timer = setTimeout(() => {
      const entry = this.trailing.get(file);
      this.trailing.delete(file);
      if (entry && signature(file) !== entry.sig) this.changed(file);
    }, TRAILING_CHECK_MS);
    this.trailing.set(file, { sig: signature(file), timer });
  }

  dispose(): void {
    for (const t of this.trailing.values()) clearTimeout(t.timer);
    this.trailing.clear();
  }
}
