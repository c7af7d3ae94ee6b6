const NEWLINE = 0x0a;

export interface PushResult {
  /** Complete lines (without `\n` or a trailing `\r`), in order. Blank lines are dropped. */
  lines: string[];
  /** The unfinished line passed the byte limit; nothing after it in the chunk was taken. */
  overflow: boolean;
}

/**
 * Splits a byte stream into newline-delimited lines, counting bytes while buffering so that a peer
 * sending megabytes without a newline is caught before they are kept, let alone parsed.
 */
export class LineBuffer {
  private parts: Buffer[] = [];
  private size = 0;

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: Buffer): PushResult {
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      const end = nl === -1 ? chunk.length : nl;
      if (this.size + (end - start) > this.maxLineBytes) return { lines, overflow: true };
      if (nl === -1) break;
      const line = this.take(chunk.subarray(start, nl));
      if (line.trim() !== '') lines.push(line);
      start = nl + 1;
    }
    if (start < chunk.length) {
      // Copy: the chunk may be a view of a larger pooled buffer we must not pin.
      const rest = Buffer.from(chunk.subarray(start));
      this.parts.push(rest);
      this.size += rest.length;
    }
    return { lines, overflow: false };
  }

  /** At end of stream: the last line if it had no newline (and is not blank), else null. */
  end(): string | null {
    if (this.size === 0) return null;
    const line = this.take(Buffer.alloc(0));
    return line.trim() === '' ? null : line;
  }

  private take(tail: Buffer): string {
    const bytes = this.parts.length === 0 ? tail : Buffer.concat([...this.parts, tail]);
    this.parts = [];
    this.size = 0;
    const s = bytes.toString('utf8');
    return s.endsWith('\r') ? s.slice(0, -1) : s;
  }
}
