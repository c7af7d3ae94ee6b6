import QRCode from 'qrcode/lib/core/qrcode.js';

// The web address as a QR code in terminal cells (two modules a cell, black on white, with the
// quiet zone a phone's camera needs), for a phone behind an SSH tunnel or a tailnet.

const QUIET = 2;

export function qrLines(text: string): string[] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'L' });
  const n = modules.size;
  const dark = (x: number, y: number) => x >= 0 && y >= 0 && x < n && y < n && Boolean(modules.get(y, x));
  const out: string[] = [];
  for (let y = -QUIET; y < n + QUIET; y += 2) {
    let line = '\x1b[30;47m';
    for (let x = -QUIET; x < n + QUIET; x++) {
      const top = dark(x, y);
      const bottom = dark(x, y + 1);
      line += top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' ';
    }
    out.push(line + '\x1b[0m');
  }
  return out;
}
