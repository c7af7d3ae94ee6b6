// Cell styles as plain numbers, shared by the painter, the terminal reader and the frame writer.
// Colour: -1 = terminal default; 0..255 = palette index; TRUECOLOR | 0xRRGGBB = 24-bit.
// The same numbers the headless terminal reports, so agent cells copy straight into a frame.
export {
  BLINK,
  BOLD,
  DEFAULT_COLOR,
  DIM,
  INVERSE,
  INVISIBLE,
  ITALIC,
  OVERLINE,
  STRIKETHROUGH,
  TRUECOLOR,
  UNDERLINE,
} from '../../terminal/styled-run.js';
import {
  BLINK,
  BOLD,
  DEFAULT_COLOR,
  DIM,
  INVERSE,
  INVISIBLE,
  ITALIC,
  OVERLINE,
  STRIKETHROUGH,
  TRUECOLOR,
  UNDERLINE,
} from '../../terminal/styled-run.js';

export interface CellStyle {
  fg: number;
  bg: number;
  attrs: number;
}

export const PLAIN: CellStyle = Object.freeze({ fg: DEFAULT_COLOR, bg: DEFAULT_COLOR, attrs: 0 });

const ATTR_CODES: Array<[number, string]> = [
  [BOLD, '1'],
  [DIM, '2'],
  [ITALIC, '3'],
  [UNDERLINE, '4'],
  [BLINK, '5'],
  [INVERSE, '7'],
  [INVISIBLE, '8'],
  [STRIKETHROUGH, '9'],
  [OVERLINE, '53'],
];

function colorCodes(color: number, background: boolean): string {
  if (color < 0) return background ? '49' : '39';
  if (color >= TRUECOLOR) {
    const rgb = color - TRUECOLOR;
    return `${background ? 48 : 38};2;${(rgb >> 16) & 255};${(rgb >> 8) & 255};${rgb & 255}`;
  }
  if (color < 8) return String((background ? 40 : 30) + color);
  if (color < 16) return String((background ? 100 : 90) + color - 8);
  return `${background ? 48 : 38};5;${color}`;
}

/** The full SGR sequence that selects exactly this style from any previous state. */
export function sgr(fg: number, bg: number, attrs: number): string {
  let codes = '0';
  for (const [bit, code] of ATTR_CODES) if (attrs & bit) codes += ';' + code;
  if (fg !== DEFAULT_COLOR) codes += ';' + colorCodes(fg, false);
  if (bg !== DEFAULT_COLOR) codes += ';' + colorCodes(bg, true);
  return `\x1b[${codes}m`;
}
