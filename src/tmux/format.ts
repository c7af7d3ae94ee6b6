// tmux's formats (`-F '#{pane_id} #{window_name}'`), over the values the surface knows of a pane:
// `#{name}`, the short forms (#D #P #S #W #I #T #H #h), `#{?cond,a,b}`, `#{==:a,b}`/`#{!=:a,b}`,
// `#{=N:name}` (first N characters; negative: last). A name the surface does not know is empty, as
// it is in tmux for an option or variable that is not set.

export type FormatValues = Record<string, string>;

const SHORT: Record<string, string> = {
  D: 'pane_id',
  P: 'pane_index',
  S: 'session_name',
  W: 'window_name',
  I: 'window_index',
  T: 'pane_title',
  H: 'host',
  h: 'host_short',
  F: 'window_flags',
};

/** The text between `{` at `from` and its matching `}`, and where it ends. */
function braced(s: string, from: number): { inner: string; end: number } | null {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return { inner: s.slice(from + 1, i), end: i };
  }
  return null;
}

/** Splits at commas not inside a nested `#{...}`. */
function commaParts(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let at = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}') depth--;
    else if (s[i] === ',' && depth === 0) {
      parts.push(s.slice(at, i));
      at = i + 1;
    }
  }
  parts.push(s.slice(at));
  return parts;
}

const truthy = (v: string) => v !== '' && v !== '0';

/** One `#{...}`'s inside. */
function expandInner(inner: string, v: FormatValues): string {
  if (inner.startsWith('?')) {
    const [cond, yes = '', no = ''] = commaParts(inner.slice(1));
    const c = cond.includes('#') ? expand(cond, v) : (v[cond] ?? '');
    return expand(truthy(c) ? yes : no, v);
  }
  const cmp = /^(==|!=):/.exec(inner);
  if (cmp) {
    const [a = '', b = ''] = commaParts(inner.slice(3)).map((p) => expand(p, v));
    return (a === b) === (cmp[1] === '==') ? '1' : '0';
  }
  const trim = /^=(-?\d+):(.*)$/s.exec(inner);
  if (trim) {
    const n = Number(trim[1]);
    const text = expandInner(trim[2], v);
    return n >= 0 ? text.slice(0, n) : text.slice(n);
  }
  return v[inner] ?? '';
}

/** `fmt` with every format replaced by its value. */
export function expand(fmt: string, v: FormatValues): string {
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c !== '#' || i + 1 >= fmt.length) {
      out += c;
      continue;
    }
    const n = fmt[i + 1];
    if (n === '#') {
      out += '#';
      i++;
    } else if (n === '{') {
      const b = braced(fmt, i + 1);
      if (!b) return out + fmt.slice(i);
      out += expandInner(b.inner, v);
      i = b.end;
    } else if (SHORT[n]) {
      out += v[SHORT[n]] ?? '';
      i++;
    } else out += c;
  }
  return out;
}
