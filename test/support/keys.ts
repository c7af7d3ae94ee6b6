import type { KeyEvent } from '../../src/keys/key-event.js';
import { KeyParser } from '../../src/keys/parse-keys.js';

/** Feed chunks synchronously, then flush: what the parser makes of a complete input. */
export function parseAll(chunks: (string | Uint8Array)[]): KeyEvent[] {
  const out: KeyEvent[] = [];
  const p = new KeyParser((ev) => out.push(ev));
  for (const c of chunks) p.feed(c);
  p.flush();
  p.dispose();
  return out;
}

export function bytes(s: string): Buffer {
  return Buffer.from(s, 'utf8');
}

/** Every single-byte split of the UTF-8 encoding. */
export function byteChunks(s: string | Uint8Array): Buffer[] {
  const b = typeof s === 'string' ? bytes(s) : Buffer.from(s);
  return [...b].map((x) => Buffer.from([x]));
}

/** Expected-event shorthand: k('up', 'ctrl+shift'). */
export function k(name: string, mods = '', extra: Partial<KeyEvent> = {}): Partial<KeyEvent> {
  return {
    kind: 'key',
    name,
    ctrl: mods.includes('ctrl'),
    alt: mods.includes('alt'),
    shift: mods.includes('shift'),
    ...extra,
  };
}

export function sequences(evs: KeyEvent[]): string {
  return evs.map((e) => e.sequence).join('');
}

/** Small deterministic PRNG (mulberry32) so fuzz failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
