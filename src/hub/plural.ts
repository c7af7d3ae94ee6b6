/** "1 file", "3 files": counts the user reads are English, never "1 files" or "file(s)". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
