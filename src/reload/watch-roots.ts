import fs from 'node:fs';
import path from 'node:path';

/** A folder the configuration watcher watches, and which paths below it are configuration. */
export interface WatchRoot {
  /** Watched folder: one that survives edits below it (the home, not home/user). */
  dir: string;
  /** How many folder levels below `dir` to watch (chokidar's `depth`). */
  depth: number;
  /**
   * Is this path below `dir` ('/'-separated, '' is `dir` itself) configuration, or a folder that
   * may hold some? Only names decide here; non-.lua files are dropped by the watcher.
   */
  wanted: (rel: string) => boolean;
}

/**
 * Entries below a root that are never configuration: hidden ones (improvements/.history,
 * improvements/.dropped, a .git, vim's .layout.lua.swp, emacs' .#layout.lua lock) and editors'
 * backup and probe files. Rules look only at names below the roots, so a root may itself live
 * under a dot-folder (~/.botster, ~/.config, ~/.nvm).
 */
export function isEditorJunk(name: string): boolean {
  return name.startsWith('.') || name.endsWith('~') || name === '4913' || /^#.*#$/.test(name) || /\.sw[a-z]$/.test(name);
}

function clean(rel: string): boolean {
  return rel === '' || !rel.split('/').some(isEditorJunk);
}

/** The roots of a configuration: the home, the shipped Lua, and a --layout file's folder. */
export function configWatchRoots(src: { home: string; layoutFile?: string; packageRoot: string }): WatchRoot[] {
  const roots: WatchRoot[] = [
    {
      // user/ (any depth, for required modules) and improvements/*.lua; not logs/, state/, the socket.
      dir: src.home,
      depth: 6,
      wanted: (rel) => {
        if (!clean(rel)) return false;
        const [top, ...rest] = rel.split('/');
        if (rel === '' || top === 'user') return true;
        return top === 'improvements' && rest.length <= 1;
      },
    },
    { dir: path.join(src.packageRoot, 'lua'), depth: 6, wanted: clean },
    { dir: path.join(src.packageRoot, 'keybindings'), depth: 6, wanted: clean },
  ];
  if (src.layoutFile) {
    // Its folder, not the file: an editor's rename-over or a delete and re-create stays seen.
    const file = path.resolve(src.layoutFile);
    const name = path.basename(file);
    roots.push({ dir: path.dirname(file), depth: 0, wanted: (rel) => rel === '' || rel === name });
  }
  return roots;
}

/** `file` below the root, '/'-separated ('' for the root), or null when it is not below it. */
export function relativeTo(root: WatchRoot, file: string): string | null {
  for (const base of [root.dir, realDir(root.dir)]) {
    const rel = path.relative(base, file);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  }
  return null;
}

function realDir(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return dir;
  }
}
