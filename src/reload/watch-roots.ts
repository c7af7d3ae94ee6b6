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
  /**
   * Its files change rarely (the shipped Lua and keybindings: only the project's developers edit
   * them): the safety net looks at it on one check in RARE_EVERY. Its events are heard at once, as
   * any root's.
   */
  rare?: boolean;
}

/**
 * Entries below a root that are never configuration: hidden ones (improvements/.history,
 * improvements/.dropped, a .git, vim's .layout.lua.swp, emacs' .#layout.lua lock) and editors'
 * backup and probe files. Rules look only at names below the roots, so a root may itself live
 * under a dot-folder (~/.botster, ~/.config, ~/.nvm).
 */
export function isEditorJunk(name: string): boolean {
  return (
    name.startsWith('.') ||
    name.endsWith('~') ||
    name === '4913' ||
    /^#.*#$/.test(name) ||
    /\.sw[a-z]$/.test(name)
  );
}

/**
 * A file whose change reloads the configuration: Lua, and the plugins' lock and manifests (a plugin
 * added, updated, granted or removed is live without a restart).
 */
export function isWatchedFile(file: string): boolean {
  const base = path.basename(file);
  return file.endsWith('.lua') || base === 'lock.json' || base === 'plugin.json';
}

function clean(rel: string): boolean {
  return rel === '' || !rel.split('/').some(isEditorJunk);
}

/** The roots of a configuration: the home, the shipped Lua, and a --layout file's folder. */
export function configWatchRoots(src: {
  home: string;
  layoutFile?: string;
  packageRoot: string;
}): WatchRoot[] {
  const roots: WatchRoot[] = [
    {
      // user/ (any depth, for required modules), improvements/*.lua and plugins/ (the lock and the
      // copies; a folder plugin's link is followed); not logs/, state/, the socket.
      dir: src.home,
      depth: 6,
      wanted: (rel) => {
        if (!clean(rel)) return false;
        const [top, ...rest] = rel.split('/');
        if (rel === '' || top === 'user' || top === 'plugins') return true;
        return top === 'improvements' && rest.length <= 1;
      },
    },
    { dir: path.join(src.packageRoot, 'lua'), depth: 6, wanted: clean, rare: true },
    { dir: path.join(src.packageRoot, 'keybindings'), depth: 6, wanted: clean, rare: true },
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
  const below = (base: string): string | null => {
    const rel = path.relative(base, file);
    return !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : null;
  };
  // The real path (a symlinked home) only when the given one does not match: it costs a syscall.
  return below(root.dir) ?? below(realDir(root.dir));
}

function realDir(dir: string): string {
  try {
    // .native: one syscall; the JS realpath lstats every component (the watcher's check calls this per file).
    return fs.realpathSync.native(dir);
  } catch {
    return dir;
  }
}
