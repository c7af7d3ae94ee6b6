/** A word as sh reads it back: as it is when it is safe, else single-quoted (hints the CLI prints). */
export function shellWord(s: string): string {
  return /^[\w./~=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
