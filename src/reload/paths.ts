import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package (holds lua/ and keybindings/), from src/reload or dist/bundle alike. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export { expandTilde, resolveHome } from '../wire/home.js';

/** A path as errors show it: relative to the package for shipped files, ~ for home. */
export function displayPath(file: string): string {
  const rel = path.relative(PACKAGE_ROOT, file);
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) return rel;
  const home = os.homedir();
  if (home && file.startsWith(home + path.sep)) return '~' + file.slice(home.length);
  return file;
}
