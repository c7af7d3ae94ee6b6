// tmux's key names (`send-keys -t %3 'ls' Enter C-c`) as the hub's key specs ("enter", "ctrl+c").
// A word that names no key is typed as it is, as tmux does.

const NAMES: Record<string, string> = {
  Enter: 'enter',
  Tab: 'tab',
  BTab: 'shift+tab',
  BSpace: 'backspace',
  Escape: 'escape',
  Space: 'space',
  Up: 'up',
  Down: 'down',
  Left: 'left',
  Right: 'right',
  Home: 'home',
  End: 'end',
  PageUp: 'pageup',
  PgUp: 'pageup',
  PPage: 'pageup',
  PageDown: 'pagedown',
  PgDn: 'pagedown',
  NPage: 'pagedown',
  IC: 'insert',
  Insert: 'insert',
  DC: 'delete',
  Delete: 'delete',
  ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`F${i + 1}`, `f${i + 1}`])),
};

const MODS: Record<string, string> = { C: 'ctrl', M: 'alt', S: 'shift' };

/** The hub's key spec for tmux key name `word`, or null when it names no key (then it is text). */
export function keySpec(word: string): string | null {
  const mods: string[] = [];
  let rest = word;
  for (let m = /^([CMS])-(.+)$/s.exec(rest); m; m = /^([CMS])-(.+)$/s.exec(rest)) {
    mods.push(MODS[m[1]]);
    rest = m[2];
  }
  // (case-insensitive, as tmux reads them: `enter`, `ENTER`)
  const named =
    NAMES[rest] ?? Object.entries(NAMES).find(([k]) => k.toLowerCase() === rest.toLowerCase())?.[1];
  const key = named ?? (mods.length && [...rest].length === 1 ? (rest === '+' ? 'plus' : rest) : null);
  if (key === null) return null;
  // ctrl+ letters are one key whatever their case ("C-C" is ctrl+c)
  const k = mods.includes('ctrl') && /^[A-Z]$/.test(key) ? key.toLowerCase() : key;
  return [...mods, k].join('+');
}

/** What `send-keys` words type: runs of text and of keys, in order. */
export function keyRuns(words: string[], literal: boolean): Array<{ text: string } | { keys: string }> {
  const runs: Array<{ text: string } | { keys: string }> = [];
  for (const w of words) {
    const spec = literal ? null : keySpec(w);
    const last = runs[runs.length - 1];
    if (spec === null) {
      if (last && 'text' in last) last.text += w;
      else runs.push({ text: w });
    } else if (last && 'keys' in last) last.keys += ` ${spec}`;
    else runs.push({ keys: spec });
  }
  return runs;
}
