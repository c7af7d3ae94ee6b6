import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { controlRequest } from '../../src/wire/control-client.js';
import { CONTROL_PROTOCOL } from '../../src/wire/control-request.js';
import { tempRepo } from './hub.js';

// What the move.* verbs' tests share: a repository with a branch, a commit and work not committed,
// and a request on a hub's socket (their real door: a machine's link asks them so).

export const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8' }).trim();

/** A repository on `topic` with one commit of work and one file changed since. */
export function workRepo(): { repo: string; head: string } {
  const { repo } = tempRepo();
  git(repo, 'checkout', '-q', '-b', 'topic');
  fs.writeFileSync(path.join(repo, 'a.txt'), 'one\n');
  git(repo, 'add', 'a.txt');
  git(repo, '-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'work');
  fs.writeFileSync(path.join(repo, 'a.txt'), 'one, two\n');
  return { repo, head: git(repo, 'rev-parse', 'HEAD') };
}

/** One request on the hub's socket; its reply. */
export const ask = (socket: string, req: Record<string, unknown> & { op: string }) =>
  controlRequest(socket, { v: CONTROL_PROTOCOL, ...req } as never);
