import fs from 'node:fs';
import { userConfigFiles } from './config-files.js';

/** Was any of the user's files (those that load) written since `since` (ms epoch)? */
export function userFilesChangedSince(src: { home: string; layoutFile?: string }, since: number): boolean {
  const files = userConfigFiles(src);
  if (src.layoutFile) files.push(src.layoutFile);
  return files.some((f) => {
    try {
      return fs.statSync(f).mtimeMs >= since - 5;
    } catch {
      return false;
    }
  });
}

/** Was any of these files written within the last `ms` (so it may still be being written)? */
export function recentlyWritten(paths: string[], ms: number): boolean {
  const now = Date.now();
  return paths.some((p) => {
    try {
      return now - fs.statSync(p).mtimeMs < ms;
    } catch {
      return true; // gone for a moment (rename-over): treat as in flux
    }
  });
}
