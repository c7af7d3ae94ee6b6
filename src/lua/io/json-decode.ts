// json.decode's host half: V8's JSON.parse (fast, exact) with bounds, then the value as Lua will
// build it. Lua turns JS null into nil (a hole in an array, a missing key), so each null and each
// array's end is marked with a key only this call knows; lua/core/json.lua puts json.null and the
// array marker back in one walk.
import { randomBytes } from 'node:crypto';

/** Larger input is refused before parsing (the Lua state has 64 MB in all). */
export const JSON_MAX_BYTES = 8 * 1024 * 1024;
/** Nesting deeper than this is refused (a decode bomb of brackets); below the converter's 100. */
export const JSON_MAX_DEPTH = 64;
/** Values in one document (a huge flat array of zeros is a bomb of its own). */
export const JSON_MAX_VALUES = 500_000;

/** `text` parsed: the value with marks, and the mark's key. Throws `message at line L, column C`. */
export function decodeJson(text: string, maxBytes = JSON_MAX_BYTES): [unknown, string] {
  if (text.length > maxBytes)
    throw new Error(`input of ${text.length} bytes is over the limit of ${maxBytes}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(where(text, (err as Error).message));
  }
  const mark = `\u0000${randomBytes(6).toString('hex')}`;
  const counter = { n: 0 };
  return [marked(value, mark, 0, counter), mark];
}

function marked(v: unknown, mark: string, depth: number, counter: { n: number }): unknown {
  if (++counter.n > JSON_MAX_VALUES) throw new Error(`more than ${JSON_MAX_VALUES} values`);
  if (v === null) return { [mark]: 'n' };
  if (typeof v !== 'object') return v;
  if (depth >= JSON_MAX_DEPTH) throw new Error(`nested deeper than ${JSON_MAX_DEPTH} levels`);
  if (Array.isArray(v)) {
    const out = v.map((x) => marked(x, mark, depth + 1, counter));
    out.push({ [mark]: 'a' });
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = marked(x, mark, depth + 1, counter);
  return out;
}

/** Where the text stops being JSON (V8's messages do not always say), as `message at line L, column C`. */
function where(text: string, message: string): string {
  const short = message
    .replace(/, "[\s\S]*" is not valid JSON$/, '')
    .replace(/ (in JSON )?at position \d+.*$/, '');
  const pos = firstError(text);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `${short} at line ${line}, column ${column}`;
}

/** The offset of the first character that is not valid JSON (only run once JSON.parse failed). */
export function firstError(s: string): number {
  let i = 0;
  const ws = () => {
    while (i < s.length && ' \t\n\r'.includes(s[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const lit = (word: string) => {
    for (const c of word) if (s[i++] !== c) (i--, fail());
  };
  const str = () => {
    i++;
    while (i < s.length && s[i] !== '"') {
      if (s.charCodeAt(i) < 0x20) fail();
      if (s[i] === '\\') {
        i++;
        if (s[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(s[i] ?? 'x')) fail();
      }
      i++;
    }
    if (i >= s.length) fail();
    i++;
  };
  const num = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(s.slice(i, i + 400));
    if (!m || !m[0] || m[0] === '-') fail();
    i += m![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 10000) fail();
    ws();
    const c = s[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (s[i] === close) return void i++;
      for (;;) {
        if (c === '{') {
          ws();
          if (s[i] !== '"') fail();
          str();
          ws();
          if (s[i] !== ':') fail();
          i++;
        }
        value(depth + 1);
        ws();
        if (s[i] === ',') i++;
        else if (s[i] === close) return void i++;
        else fail();
      }
    }
    if (c === '"') return str();
    if (c === 't') return lit('true');
    if (c === 'f') return lit('false');
    if (c === 'n') return lit('null');
    num();
  };
  try {
    value(0);
    ws();
    return i;
  } catch (at) {
    return typeof at === 'number' ? Math.min(at, s.length) : 0;
  }
}
