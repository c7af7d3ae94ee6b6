import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The folders tempHome() and realHome() made, removed after each test file (homes-cleanup.ts). */
export const madeHomes: string[] = [];

const made = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-test-'));
  madeHomes.push(dir);
  return dir;
};

export function tempHome(files: Record<string, string> = {}): string {
  const home = made();
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
    fs.writeFileSync(path.join(home, rel), content);
  }
  return home;
}

export type HomeKind = 'dot-folder' | 'symlinked' | 'spaces';
export const HOME_KINDS: HomeKind[] = ['dot-folder', 'symlinked', 'spaces'];

/**
 * A home where users keep it: `<tmp>/.botster` (a dot-folder), a `.botster` that is a symlink to a
 * folder elsewhere (dotfile managers), or `<tmp>/with spaces/.botster`. Files as in tempHome().
 */
export function realHome(kind: HomeKind = 'dot-folder', files: Record<string, string> = {}): string {
  const base = made();
  let home = path.join(base, '.botster');
  if (kind === 'symlinked') {
    const target = path.join(base, 'dotfiles', 'botster');
    fs.mkdirSync(target, { recursive: true });
    fs.symlinkSync(target, home);
  } else if (kind === 'spaces') {
    home = path.join(base, 'my files', '.botster');
  }
  fs.mkdirSync(home, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
    fs.writeFileSync(path.join(home, rel), content);
  }
  return home;
}
