import {
  BLINK,
  BOLD,
  DIM,
  INVERSE,
  INVISIBLE,
  ITALIC,
  OVERLINE,
  STRIKETHROUGH,
  UNDERLINE,
  isTruecolor,
  type StyledRun,
} from './styled-run.js';

// A screen line as text with its colours (SGR): what `botster-tui read --ansi` prints, and the rows
// a hub sends another hub that mirrors one of its agents (src/terminal/screen-encoder.ts).

/** One line's runs with their SGR, reset at the end; trailing default blanks dropped. */
export function ansiLine(runs: StyledRun[]): string {
  let end = runs.length;
  while (
    end > 0 &&
    runs[end - 1].bg === -1 &&
    !(runs[end - 1].attrs & (INVERSE | UNDERLINE)) &&
    runs[end - 1].text.trim() === ''
  )
    end--;
  let out = '';
  let styled = false;
  for (let i = 0; i < end; i++) {
    const r = runs[i];
    const sgr = sgrOf(r);
    if (sgr || styled) out += `\x1b[0${sgr ? ';' + sgr : ''}m`;
    styled = sgr !== '';
    out += i === end - 1 && !sgr ? r.text.trimEnd() : r.text;
  }
  return styled ? out + '\x1b[0m' : out;
}

const ATTR_CODES: Array<[number, number]> = [
  [BOLD, 1],
  [DIM, 2],
  [ITALIC, 3],
  [UNDERLINE, 4],
  [BLINK, 5],
  [INVERSE, 7],
  [INVISIBLE, 8],
  [STRIKETHROUGH, 9],
  [OVERLINE, 53],
];

function sgrOf(r: StyledRun): string {
  const codes: string[] = [];
  for (const [bit, code] of ATTR_CODES) if (r.attrs & bit) codes.push(String(code));
  if (r.fg !== -1) codes.push(color(r.fg, 30, 90, 38));
  if (r.bg !== -1) codes.push(color(r.bg, 40, 100, 48));
  return codes.join(';');
}

function color(c: number, base: number, bright: number, ext: number): string {
  if (isTruecolor(c)) return `${ext};2;${(c >> 16) & 255};${(c >> 8) & 255};${c & 255}`;
  if (c < 8) return String(base + c);
  if (c < 16) return String(bright + c - 8);
  return `${ext};5;${c}`;
}
