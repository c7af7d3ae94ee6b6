import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tempHome } from './homes.js';
import { execFileSync } from 'node:child_process';
import { Hub, type HubOptions } from '../../src/app/hub.js';

export { tempHome, realHome, HOME_KINDS, type HomeKind } from './homes.js';

export async function startHub(opts: Partial<HubOptions> & { agents: HubOptions['agents'] }): Promise<Hub> {
  return Hub.start({ home: opts.home ?? tempHome(), cols: 100, rows: 30, write: () => {}, ...opts });
}

/** A layout with one line of text above the focused agent's terminal: what a save changed is on screen. */
export const textLayout = (text: string) => `function App:render()
  return ui.column({ ui.text(${JSON.stringify(text)}), ui.panel({ grow = 1 }, ui.terminal(self.focused)) })
end
`;

export function screenText(hub: Hub): string {
  return hub.screen().toText();
}

/** Waits until the hub's current frame matches (re-composing as agents print). */
export async function waitForFrame(hub: Hub, re: RegExp, ms = 8000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    await hub.whenIdle();
    const text = screenText(hub);
    if (re.test(text)) return text;
    if (Date.now() > end) throw new Error(`frame never matched ${re}; last frame:\n${text}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export { sleep, until } from './wait.js';

/** A temporary git repository with one empty commit on `main`; returns its path and a git runner. */
export function tempRepo(): { repo: string; git: (...args: string[]) => void } {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-repo-'));
  const git = (...args: string[]) => void execFileSync('git', ['-C', repo, ...args], { stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'init');
  return { repo, git };
}

/**
 * A repository with app.js committed as `before`, then changed in its folder to `after` (not
 * committed): the changes an agent working there made, for the review verbs.
 */
export function changedRepo(
  before: string,
  after: string,
): { repo: string; git: (...args: string[]) => void } {
  const made = tempRepo();
  fs.writeFileSync(path.join(made.repo, 'app.js'), before);
  made.git('add', '.');
  made.git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'start');
  fs.writeFileSync(path.join(made.repo, 'app.js'), after);
  return made;
}

/**
 * A `git` first on PATH that takes `seconds` over `worktree add` (as a big checkout would) and
 * leaves `started` / `done` marks in the repository's .git; every other git call is the real git. Returns the
 * folder (to put first on PATH) and an undo for process.env.PATH.
 */
export function slowGit(seconds = 1): {
  dir: string;
  started: (repo: string) => boolean;
  done: (repo: string) => boolean;
  onPath: () => () => void;
} {
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-slow git-'));
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  // Its marks go in the repository's .git: the hub's git runs in a box that writes only there
  // (src/box/git-box.ts), not in this folder.
  fs.writeFileSync(
    path.join(dir, 'git'),
    `#!/bin/sh\ncase " $* " in *" worktree add "*) m="$2/.git/botster-slow"; touch "$m-started"; sleep ${seconds}; ${q(real)} "$@"; rc=$?; touch "$m-done"; exit $rc;; esac\nexec ${q(real)} "$@"\n`,
    { mode: 0o755 },
  );
  const mark = (repo: string, what: string) => fs.existsSync(path.join(repo, '.git', `botster-slow-${what}`));
  return {
    dir,
    started: (repo) => mark(repo, 'started'),
    done: (repo) => mark(repo, 'done'),
    onPath: () => {
      const before = process.env.PATH;
      process.env.PATH = `${dir}${path.delimiter}${before ?? ''}`;
      return () => {
        process.env.PATH = before;
      };
    },
  };
}

/** Types `keys` into the hub and waits until it has handled them (and drawn). */
export async function press(hub: Hub, keys: string): Promise<void> {
  hub.input(keys);
  await hub.whenIdle();
}
