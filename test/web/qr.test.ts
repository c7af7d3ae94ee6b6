import { describe, expect, it } from 'vitest';
import QRCode from 'qrcode/lib/core/qrcode.js';
import { qrLines } from '../../src/web/qr.js';

// The web address's QR code in terminal cells: two modules a cell (▀ top, ▄ bottom, █ both), a
// quiet zone around it. Read back into modules, it is the code of that address exactly.

const URL_A = 'http://127.0.0.1:41213/login?token=Zm9vYmFyYmF6cXV4cXV1eGNvcmdl';
const URL_B = 'http://127.0.0.1:41213/login?token=YmFyYmF6cXV4Zm9vcXV1eGNvcmdl';

/** The modules the cells show (true: dark), the quiet zone included. */
function readBack(lines: string[]): boolean[][] {
  const rows: boolean[][] = [];
  for (const line of lines) {
    const cells = [...line.replace(/\x1b\[[0-9;]*m/g, '')];
    rows.push(cells.map((c) => c === '█' || c === '▀'));
    rows.push(cells.map((c) => c === '█' || c === '▄'));
  }
  return rows;
}

describe('qrLines', () => {
  it('is the address’s QR code, module for module, with a light quiet zone', () => {
    const lines = qrLines(URL_A);
    expect(lines.length).toBeGreaterThan(10);
    const width = [...lines[0].replace(/\x1b\[[0-9;]*m/g, '')].length;
    for (const l of lines) expect([...l.replace(/\x1b\[[0-9;]*m/g, '')].length).toBe(width);
    const got = readBack(lines);
    const { modules } = QRCode.create(URL_A, { errorCorrectionLevel: 'L' });
    const n = modules.size;
    const quiet = (width - n) / 2;
    expect(quiet).toBeGreaterThanOrEqual(2);
    for (let y = -quiet; y < n + quiet; y++)
      for (let x = -quiet; x < n + quiet; x++) {
        const inside = x >= 0 && y >= 0 && x < n && y < n;
        expect(got[y + quiet]?.[x + quiet] ?? false, `module ${x},${y}`).toBe(
          inside ? Boolean(modules.get(y, x)) : false,
        );
      }
    // Its three finder patterns (a dark 7x7 ring around a dark 3x3), where a camera looks for them.
    const finder = (ox: number, oy: number) =>
      Array.from({ length: 7 }, (_, y) =>
        Array.from({ length: 7 }, (_, x) => got[oy + y + quiet][ox + x + quiet]),
      );
    const ring = Array.from({ length: 7 }, (_, y) =>
      Array.from(
        { length: 7 },
        (_, x) => x === 0 || y === 0 || x === 6 || y === 6 || (x >= 2 && x <= 4 && y >= 2 && y <= 4),
      ),
    );
    expect(finder(0, 0)).toEqual(ring);
    expect(finder(n - 7, 0)).toEqual(ring);
    expect(finder(0, n - 7)).toEqual(ring);
  });

  it('differs for different addresses', () => {
    expect(qrLines(URL_A)).not.toEqual(qrLines(URL_B));
    expect(qrLines(URL_A)).toEqual(qrLines(URL_A));
  });
});
