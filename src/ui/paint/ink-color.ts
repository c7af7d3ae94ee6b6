import { DEFAULT_COLOR, TRUECOLOR } from '../screen/cell-style.js';

// Colour strings as Ink's `colorize` understands them -> cell colour numbers.
const NAMES = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

export function inkColorToCell(color: string | undefined): number {
  if (!color) return DEFAULT_COLOR;
  const base = NAMES.indexOf(color);
  if (base >= 0) return base;
  if (color.endsWith('Bright')) {
    const i = NAMES.indexOf(color.slice(0, -6));
    if (i >= 0) return i + 8;
  }
  if (color === 'gray' || color === 'grey') return 8;
  if (color.startsWith('#')) {
    let hex = color.slice(1);
    if (hex.length === 3) hex = hex.replace(/./g, (c) => c + c);
    const n = Number.parseInt(hex, 16);
    return Number.isNaN(n) ? DEFAULT_COLOR : TRUECOLOR | n;
  }
  const ansi = /^ansi256\(\s?(\d+)\s?\)$/.exec(color);
  if (ansi) return Number(ansi[1]) & 255;
  const rgb = /^rgb\(\s?(\d+),\s?(\d+),\s?(\d+)\s?\)$/.exec(color);
  if (rgb)
    return (
      TRUECOLOR | ((Number(rgb[1]) & 255) << 16) | ((Number(rgb[2]) & 255) << 8) | (Number(rgb[3]) & 255)
    );
  return DEFAULT_COLOR;
}
