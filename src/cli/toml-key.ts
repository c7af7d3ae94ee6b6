import { ConfigFileError } from './config-write.js';

// Setting one top-level key of a TOML file by a text edit: the rest of the file (comments, order,
// tables) stays as the user wrote it. Only enough of TOML is read to find where values and the
// top level end: strings (basic, literal, multi-line), comments, and brackets.

interface Span {
  start: number;
  /** Exclusive; at the newline that ends the key's value (or the end of the text). */
  end: number;
}

/** Where `key = ...` is at the top level, and where the top level ends (the first [table]). */
function scan(text: string, key: string, file: string): { found: Span | null; topEnd: number } {
  const keyLine = new RegExp(`^[ \\t]*(${key}|"${key}"|'${key}')[ \\t]*=`);
  let depth = 0;
  let found: Span | null = null;
  let open: number | null = null;
  let i = 0;
  const bad = (what: string): never => {
    const line = text.slice(0, i).split('\n').length;
    throw new ConfigFileError(`${file}:${line}: ${what}; nothing was written`);
  };
  while (i <= text.length) {
    const lineStart = i === 0 || text[i - 1] === '\n';
    if (lineStart && depth === 0) {
      if (open !== null) {
        found = { start: open, end: i - 1 };
        open = null;
      }
      const rest = text.slice(i, text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i));
      if (/^[ \t]*\[/.test(rest)) return { found, topEnd: i };
      if (keyLine.test(rest)) {
        if (found) bad(`${key} is set twice`);
        open = i;
      }
    }
    if (i === text.length) break;
    const c = text[i];
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const close = triple ? c.repeat(3) : c;
      let j = i + close.length;
      for (;;) {
        if (j >= text.length || (!triple && text[j] === '\n')) bad('a string is not closed');
        if (c === '"' && text[j] === '\\') {
          j += 2;
          continue;
        }
        if (text.startsWith(close, j)) break;
        j++;
      }
      // """a"""" ends with the last three quotes.
      j += close.length;
      while (triple && text[j] === c) j++;
      i = j;
      continue;
    }
    if (c === '[' || c === '{') depth++;
    if (c === ']' || c === '}') {
      depth--;
      if (depth < 0) bad(`an unmatched "${c}"`);
    }
    i++;
  }
  if (depth !== 0) bad('a list or table is not closed');
  if (open !== null) found = { start: open, end: text.length };
  return { found, topEnd: text.length };
}

/**
 * Sets the top-level `key` to `line` (a whole `key = value` line). An existing value is replaced
 * (and kept as a comment above the new line); none is added at the end of the top level, before
 * the first table. `replaced`: the old value's text.
 */
export function setTopLevelKey(
  text: string,
  key: string,
  line: string,
  file: string,
): { text: string; replaced: string | null } {
  const { found, topEnd } = scan(text, key, file);
  if (found) {
    const old = text.slice(found.start, found.end).replace(/\s+$/, '');
    if (old.trim() === line) return { text, replaced: null };
    const kept = old
      .split('\n')
      .map((l) => `# ${l}`)
      .join('\n');
    return {
      text: `${text.slice(0, found.start)}# botster-tui hooks replaced:\n${kept}\n${line}${text.slice(found.start + old.length)}`,
      replaced: old.trim().replace(/\s*\n\s*/g, ' '),
    };
  }
  const head = text.slice(0, topEnd);
  const sep = head === '' || head.endsWith('\n\n') ? '' : head.endsWith('\n') ? '\n' : '\n\n';
  const block = `# botster-tui: reports to the hub it runs in (botster-tui hooks)\n${line}\n`;
  return {
    text: `${head}${sep}${block}${topEnd < text.length ? '\n' : ''}${text.slice(topEnd)}`,
    replaced: null,
  };
}
