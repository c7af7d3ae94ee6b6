// Which layout piece the Lua worker runs right now, in memory the main thread shares: when the
// worker has to be killed (a pattern match no budget can stop), the main thread reads who it was,
// so that piece is off in the worker that replaces it instead of stalling that one too.

/** What names a piece to the user and to its failure count. */
export interface RunningPiece {
  key: string;
  source: string;
  name: string;
  slot: string;
}

const SIZE = 2048;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A marker the worker writes and the main thread reads (the buffer crosses with postMessage). */
export class PieceMarker {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(SIZE)) {
    this.bytes = new Uint8Array(buffer);
    this.view = new DataView(buffer);
  }

  /** The piece about to run, or null once it is done. */
  set(piece: RunningPiece | null): void {
    if (!piece) return this.view.setUint32(0, 0);
    const { written } = encoder.encodeInto(JSON.stringify(piece), this.bytes.subarray(4));
    // Too long to fit whole: better unknown than half a name.
    this.view.setUint32(0, written !== undefined && written < SIZE - 4 ? written : 0);
  }

  get(): RunningPiece | null {
    const n = this.view.getUint32(0);
    if (n === 0) return null;
    try {
      return JSON.parse(decoder.decode(this.bytes.slice(4, 4 + n))) as RunningPiece;
    } catch {
      return null;
    }
  }
}
