import fs from 'node:fs';

// Search every agent (issue 72 item 2): the scrollback and screen the hub keeps for each agent, and
// the transcripts its CLI keeps (lua/default/clis/: `transcripts`). It runs beside the UI: the work
// is cut into slices of a few milliseconds with the event loop turning between them (keys, PTY
// output and frames go on), files are read a chunk at a time, and hits come as they are found
// (`onHit`: the first results show long before the last file is read). It stops at `limit` hits.
// No index: a scan of what is kept is fast enough (bench/search.mjs: 50 agents' 10 000-line
// scrollbacks and 200 MB of transcripts) and is never stale; an index of transcripts the CLIs keep
// appending to would have to follow every write, and would double their size on disk.

export interface SearchHit {
  agent: { id: string; name: string };
  /** Where: the agent's screen, its scrollback, or its CLI's transcript. */
  source: 'screen' | 'scrollback' | 'transcript';
  /** The matching line (a transcript's: the text around the match, JSON escapes undone). */
  line: string;
  /** When (ms since the epoch) a transcript says it was written; null for the screen and scrollback (now). */
  at: number | null;
  /** Screen and scrollback: the line's index in the agent's buffer, and how far it is above the live bottom. */
  index?: number;
  from_bottom?: number;
  /** A transcript: its file. */
  file?: string;
}

/** What one agent offers the search. */
export interface SearchSource {
  agent: { id: string; name: string };
  /** Its kept lines (scrollback, then screen). */
  terminal?: { lineCount: number; rows: number; lineText(i: number): string };
  /** Its CLI's transcripts, newest first. */
  files: string[];
}

export interface SearchOptions {
  /** At most this many hits (the search stops there). */
  limit?: number;
  /** At most this many hits from one agent's lines, and from one file. */
  perSource?: number;
  /** The longest the search holds the event loop at a time (ms). */
  sliceMs?: number;
  onHit?: (hit: SearchHit) => void;
  /** A newer search replaces this one: it stops. */
  cancelled?: () => boolean;
}

export interface SearchResult {
  hits: SearchHit[];
  /** It stopped at the limit: there may be more. */
  truncated: boolean;
  lines: number;
  bytes: number;
  files: number;
  /** ms to the first hit (null: none), and to the end. */
  first_ms: number | null;
  ms: number;
}

const CHUNK = 1 << 18;
const SNIPPET = 100;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** JSON's escapes in a piece of a transcript line, as text: `\n` a space, `\"` a quote. */
function unescape(s: string): string {
  return s
    .replace(/\\[nrt]/g, ' ')
    .replace(/\\"/g, '"')
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\\\/g, '\\')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The text around a match in a transcript line: the JSON string it is in (a message's text, a
 * command's output), escapes undone, cut to SNIPPET characters either side; a line that is not
 * JSON, as it is.
 */
function around(line: string, at: number, len: number): string {
  const quote = (i: number) => line[i] === '"' && line[i - 1] !== '\\';
  let from = at;
  while (from > 0 && at - from < 4000 && !quote(from - 1)) from--;
  let to = at + len;
  while (to < line.length && to - at < 4000 && !quote(to)) to++;
  const inString = from > 0 && quote(from - 1) && to < line.length;
  const a = inString ? from : 0;
  const b = inString ? to : line.length;
  const lo = Math.max(a, at - SNIPPET);
  const hi = Math.min(b, at + len + SNIPPET);
  const text = unescape(line.slice(lo, hi));
  return `${lo > a ? '…' : ''}${text}${hi < b ? '…' : ''}`;
}

/** The time a transcript line carries (`"timestamp":"2026-11-27T07:09:31.227Z"`). */
function lineTime(line: string): number | null {
  const m = /"timestamp"\s*:\s*"([^"]{10,40})"/.exec(line.length > 4000 ? line.slice(0, 4000) : line);
  const t = m ? Date.parse(m[1]) : NaN;
  return Number.isFinite(t) ? t : null;
}

export async function searchAll(
  sources: readonly SearchSource[],
  query: string,
  opts: SearchOptions = {},
): Promise<SearchResult> {
  const start = performance.now();
  const limit = opts.limit ?? 200;
  const perSource = opts.perSource ?? 50;
  const sliceMs = opts.sliceMs ?? 2;
  const needle = query.toLowerCase();
  const hits: SearchHit[] = [];
  let first: number | null = null;
  let lines = 0;
  let bytes = 0;
  let files = 0;
  let slice = performance.now();
  const full = () => hits.length >= limit || opts.cancelled?.() === true;
  const add = (h: SearchHit) => {
    if (first === null) first = performance.now() - start;
    hits.push(h);
    opts.onHit?.(h);
  };
  const breathe = async () => {
    if (performance.now() - slice < sliceMs) return;
    await turn();
    slice = performance.now();
  };
  if (!needle) return { hits, truncated: false, lines, bytes, files, first_ms: null, ms: 0 };

  // The kept lines first (what the agents show now and showed lately), newest first.
  for (const s of sources) {
    const t = s.terminal;
    if (!t) continue;
    let found = 0;
    for (let i = t.lineCount - 1; i >= 0 && found < perSource && !full(); i--) {
      lines++;
      const text = t.lineText(i);
      if (text.toLowerCase().includes(needle)) {
        found++;
        // (the view `n` lines up starts at line lineCount - rows - n: src/frame/terminal-view.ts)
        const from_bottom = Math.max(0, t.lineCount - t.rows - i);
        add({
          agent: s.agent,
          source: from_bottom === 0 ? 'screen' : 'scrollback',
          line: text.trimEnd(),
          at: null,
          index: i,
          from_bottom,
        });
      }
      if ((lines & 127) === 0) await breathe();
    }
    if (full()) break;
  }

  // Then the transcripts, a chunk at a time, newest file first.
  for (const s of sources) {
    for (const file of s.files) {
      if (full()) break;
      files++;
      let handle: fs.promises.FileHandle;
      try {
        handle = await fs.promises.open(file, 'r');
      } catch {
        continue;
      }
      try {
        const buf = Buffer.alloc(CHUNK);
        let carry = '';
        let found = 0;
        for (;;) {
          const { bytesRead } = await handle.read(buf, 0, CHUNK, null);
          if (bytesRead === 0) break;
          bytes += bytesRead;
          const text = carry + buf.toString('utf8', 0, bytesRead);
          const end = text.lastIndexOf('\n');
          const whole = end < 0 ? '' : text.slice(0, end + 1);
          carry = end < 0 ? text : text.slice(end + 1);
          found += scanLines(whole, needle, s, file, perSource - found, add);
          if (found >= perSource || full()) break;
          await breathe();
        }
        if (carry && found < perSource && !full()) scanLines(carry, needle, s, file, perSource - found, add);
      } finally {
        await handle.close();
      }
      await breathe();
    }
  }
  return {
    hits,
    truncated: hits.length >= limit,
    lines,
    bytes,
    files,
    first_ms: first,
    ms: performance.now() - start,
  };
}

/** The hits in `text` (whole lines of a transcript): at most `room`, one per line. */
function scanLines(
  text: string,
  needle: string,
  s: SearchSource,
  file: string,
  room: number,
  add: (h: SearchHit) => void,
): number {
  const lower = text.toLowerCase();
  let n = 0;
  // (toLowerCase keeps the length for the text agents write; where it would not, the snippet is cut from `lower`)
  const same = lower.length === text.length;
  let at = lower.indexOf(needle);
  while (at >= 0 && n < room) {
    const from = lower.lastIndexOf('\n', at) + 1;
    let to = lower.indexOf('\n', at);
    if (to < 0) to = lower.length;
    const src = same ? text : lower;
    const line = src.slice(from, to);
    const rel = at - from;
    add({
      agent: s.agent,
      source: 'transcript',
      line: around(line, rel, needle.length),
      at: lineTime(line),
      file,
    });
    n++;
    at = lower.indexOf(needle, to);
  }
  return n;
}
