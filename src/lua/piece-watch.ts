// The main thread's side of layout pieces that fail: their notices, the pieces that are off (the
// worker forgets them when it is replaced, the next one is told), and the piece that was running
// when the worker had to be killed (read from the marker the worker shares, piece-marker.ts).
import { PieceMarker } from './runtime/piece-marker.js';

/** A live piece, as the configuration's keymap lists it. */
export interface LivePiece {
  slot: string;
  name: string;
  source: string;
  owner?: string;
}

export class PieceWatch {
  /** The live configuration's pieces, and the slots its layout placed in its trial render (the hub keeps them current). */
  live: LivePiece[] = [];
  placed: string[] = [];

  /** A configuration went live: its pieces, and the slots its trial render placed. */
  // (The hub's Configuration, read structurally: the core imports this folder, not the other way.)
  configured(config: { slots?: string[]; keymap: { pieces?: LivePiece[] } }): void {
    if (config.slots) this.placed = config.slots;
    this.live = config.keymap.pieces ?? [];
  }

  private marker: PieceMarker | null = null;
  /** A piece stopped the worker, and the request it killed has not asked yet. */
  private stall = false;
  private readonly off = new Set<string>();
  private readonly listeners = new Set<(text: string) => void>();

  /** A message of the worker: its marker ('pieces') or a piece's notice ('notice'). */
  notified(name: string, payload: unknown): void {
    if (name === 'pieces') this.marker = new PieceMarker((payload as { marker: SharedArrayBuffer }).marker);
    if (name === 'notice') this.notice(payload as { text: unknown; disabled?: unknown });
  }

  /** The worker was killed: a piece that was running did it, and is off from now on. */
  restarted(): void {
    const piece = this.marker?.get();
    this.marker = null;
    if (!piece) return;
    this.stall = true;
    this.notice({
      text: `${piece.source}: the piece stopped the Lua worker (a pattern match that never ends?) (piece "${piece.name}" in ${piece.slot}, off until its file changes)`,
      disabled: piece.key,
    });
  }

  /** A request timed out and its worker was killed: whether a piece did it (asked once per stall). */
  takeStall(): boolean {
    this.restarted(); // the restart may not have been told yet
    const was = this.stall;
    this.stall = false;
    return was;
  }

  /** Keys of the pieces that are off, for a (new) worker's configuration. */
  disabled(): string[] {
    return [...this.off];
  }

  onNotice(cb: (text: string) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private notice(p: { text: unknown; disabled?: unknown }): void {
    if (typeof p.disabled === 'string') this.off.add(p.disabled);
    for (const cb of this.listeners) cb(String(p.text));
  }
}
