// Command palette ranking. A command matches when every query character appears in order
// (case-insensitive) in its id or its description; whitespace in the query matches anything.
// Tiers, best first: exact id, id prefix, query at the start of an id segment, anywhere in the id
// (three letters or more), at a word start in the description, anywhere in the description (three
// letters or more), then scattered (subsequence) matches in the id, then in the description. Ties
// keep the input order. The registry's palette
// and the reducer's palette items rank alike: anything with an id and a description.

/** What the ranking reads of a command or a palette item (its older ids, if any, match as its id does). */
export interface Searchable {
  id: string;
  description: string;
  older?: readonly string[];
}

export function searchCommands<T extends Searchable>(commands: readonly T[], query: string): T[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [...commands];
  const scored: Array<{ info: T; score: number; index: number }> = [];
  commands.forEach((info, index) => {
    const score = scoreCommand(info, q);
    if (score > 0) scored.push({ info, score, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((s) => s.info);
}

/** 0 = no match; higher is better. Exported for tests of the ranking rules. */
export function scoreCommand(info: Searchable, q: string): number {
  const by = (id: string) => scoreId(id, info.description, q);
  return Math.max(by(info.id), ...(info.older ?? []).map(by));
}

function scoreId(name: string, description: string, q: string): number {
  const id = name.toLowerCase();
  const desc = description.toLowerCase();
  if (id === q) return 1000;
  if (id.startsWith(q)) return 900;
  const at = id.indexOf(q);
  if (at > 0 && isBoundary(id, at)) return 800;
  // Two letters inside a word ("pd" in "update") say little: such short queries are read as
  // initials (the scattered tiers below).
  if (at > 0 && q.length > 2) return 700;
  const dAt = wordStartIndex(desc, q);
  if (dAt >= 0) return 600;
  if (q.length > 2 && desc.includes(q)) return 500;
  const chars = [...q.replace(/\s+/g, '')];
  const inId = subsequenceQuality(id, chars);
  if (inId >= 0) return 200 + inId;
  const inDesc = subsequenceQuality(desc, chars);
  if (inDesc >= 0) return 100 + inDesc;
  return 0;
}

function isBoundary(s: string, i: number): boolean {
  return i === 0 || !/[a-z0-9]/.test(s[i - 1]);
}

function wordStartIndex(s: string, q: string): number {
  for (let i = s.indexOf(q); i >= 0; i = s.indexOf(q, i + 1)) {
    if (isBoundary(s, i)) return i;
  }
  return -1;
}

/**
 * -1 when chars are not a subsequence of s, else 0..99: more characters on word boundaries and
 * adjacent to the previous match score higher, gaps score lower.
 */
function subsequenceQuality(s: string, chars: string[]): number {
  const text = [...s];
  let pos = 0;
  let prev = -2;
  let quality = 50;
  for (const ch of chars) {
    let found = -1;
    for (let i = pos; i < text.length; i++) {
      if (text[i] === ch) {
        found = i;
        break;
      }
    }
    if (found < 0) return -1;
    const boundary = found === 0 || !/[\p{L}\p{N}]/u.test(text[found - 1]);
    // Where the first letter lands costs nothing on a word start: people type the initials of the
    // words they mean ("pd": page_down), wherever those words are in the id.
    if (found === prev + 1) quality += 5;
    else if (!(prev < 0 && boundary)) quality -= Math.min(10, found - pos);
    if (boundary) quality += 10;
    prev = found;
    pos = found + 1;
  }
  return Math.max(0, Math.min(99, quality));
}
