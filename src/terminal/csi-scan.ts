// One CSI read as xterm's state table reads it (C0 controls inside it are executed and do not end
// it): its final byte, private prefix, intermediates and first parameter, or where it stopped.

/** xterm caps parameters at 2^31-1. */
export const MAX_PARAM = 0x7fffffff;

export const ESC = 0x1b;
/** C0 controls xterm executes inside a sequence without ending it (not CAN, SUB, ESC). */
export function inert(c: number): boolean {
  return (c < 0x20 && c !== 0x18 && c !== 0x1a && c !== ESC) || c === 0x7f;
}

export interface Csi {
  /** Index after the final byte, or -1 (ran out of input) / -2 (aborted at `abortAt`) / -3 (too long). */
  end: number;
  abortAt: number;
  final: number;
  prefix: number;
  inter: string;
  ignore: boolean;
  first: number;
}

const csi: Csi = { end: 0, abortAt: 0, final: 0, prefix: 0, inter: '', ignore: false, first: 0 };

/** Scans a CSI body starting at `j` (after `ESC [` or 0x9B), following xterm's state table. */
export function scanCsi(s: string, j: number, limit: number): Csi {
  csi.prefix = 0;
  csi.inter = '';
  csi.ignore = false;
  csi.first = -1;
  let inFirst = true;
  let entry = true;
  const n = Math.min(s.length, limit);
  for (; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c >= 0x40 && c <= 0x7e) {
      csi.final = c;
      csi.end = j + 1;
      return csi;
    }
    if (c >= 0x30 && c <= 0x3f) {
      if (c >= 0x3c) {
        if (entry) csi.prefix = c;
        else csi.ignore = true;
      } else if (csi.inter !== '') csi.ignore = true;
      else if (c <= 0x39) {
        if (inFirst) csi.first = csi.first < 0 ? c - 0x30 : Math.min(csi.first * 10 + c - 0x30, MAX_PARAM);
      } else inFirst = false; // ';' or ':' ends the first parameter
      entry = false;
      continue;
    }
    if (c >= 0x20 && c <= 0x2f) {
      if (csi.inter.length < 4) csi.inter += s[j];
      entry = false;
      continue;
    }
    if (inert(c)) continue;
    // ESC, CAN, SUB, C1 controls and anything past 0x9F end the sequence without dispatch.
    csi.end = -2;
    csi.abortAt = j;
    return csi;
  }
  csi.end = n < s.length ? -3 : -1;
  return csi;
}
