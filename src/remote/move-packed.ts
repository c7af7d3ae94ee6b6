import path from 'node:path';
import type { Packed } from './move-pack.js';
import type { MovedGit } from './move-git.js';

// A pack as it arrives (move.land's `pack`, JSON from the other machine's move.pack): checked field
// by field before anything of it reaches git or the disk. A branch, a folder or a file name that
// could be read as an option, or reach outside where it belongs, is not a pack.

type Rec = Record<string, unknown>;

const fail = (what: string): never => {
  throw new Error(what);
};
const str = (o: Rec, k: string, ok: (s: string) => boolean = (s) => s !== ''): string => {
  const v = o[k];
  return typeof v === 'string' && ok(v) ? v : fail(`${k} is not one`);
};
const optStr = (o: Rec, k: string, ok?: (s: string) => boolean): string | undefined =>
  o[k] === undefined ? undefined : str(o, k, ok);
const abs = (s: string) => path.isAbsolute(s) && !s.split('/').includes('..');
const word = (s: string) => /^[\w.-]{1,200}$/.test(s);
const hex = (s: string) => /^[0-9a-f]{40,64}$/.test(s);
// git's own rules for a branch name, and none that reads as an option
const branch = (s: string) =>
  /^[^-\s~^:?*[\\][^\s~^:?*[\\]*$/.test(s) && !s.includes('..') && !s.endsWith('.lock') && !s.endsWith('/');

function checkGit(g: unknown): MovedGit {
  if (!g || typeof g !== 'object') return fail('git is not one');
  const o = g as Rec;
  const changed = o.changed;
  if (
    typeof o.linked !== 'boolean' ||
    typeof changed !== 'number' ||
    !Number.isInteger(changed) ||
    changed < 0
  )
    return fail('git is not one');
  const origin = optStr(o, 'origin', (s) => s !== '' && !s.startsWith('-'));
  const wip = optStr(o, 'wip', hex);
  return {
    top: str(o, 'top', abs),
    sub: str(o, 'sub', (s) => s === '' || (!path.isAbsolute(s) && !s.split('/').includes('..'))),
    branch: str(o, 'branch', branch),
    head: str(o, 'head', hex),
    repo: str(o, 'repo', abs),
    linked: o.linked,
    ...(origin ? { origin } : {}),
    ...(wip ? { wip } : {}),
    changed,
  };
}

export function checkPacked(v: unknown): Packed {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return fail('it is not an object');
  const o = v as Rec;
  const args = o.args;
  if (args !== undefined && (!Array.isArray(args) || args.some((a) => typeof a !== 'string')))
    fail('args is not a list of words');
  if (typeof o.resumed !== 'boolean') fail('resumed is not one');
  if (!Array.isArray(o.files)) fail('files is not a list');
  const files = (o.files as unknown[]).map((f) => {
    const r = (f ?? {}) as Rec;
    const size = r.size;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) fail('a file has no size');
    const pattern = optStr(r, 'pattern');
    const rel = optStr(r, 'rel', (s) => !path.isAbsolute(s) && !s.split('/').includes('..'));
    return {
      key: str(r, 'key', (s) => /^(bundle|t\d{1,3})$/.test(s)),
      size: size as number,
      ...(pattern ? { pattern } : {}),
      ...(rel ? { rel } : {}),
    };
  });
  const session = optStr(o, 'session', word);
  const box = optStr(o, 'box', word);
  const account = optStr(o, 'account', word);
  return {
    transfer: str(o, 'transfer', (s) => /^[a-f0-9]{16}$/.test(s)),
    name: str(o, 'name'),
    command: str(o, 'command'),
    ...(args ? { args: args as string[] } : {}),
    resumed: o.resumed as boolean,
    ...(session ? { session } : {}),
    program: typeof o.program === 'string' ? o.program : '',
    cwd: str(o, 'cwd', abs),
    ...(box ? { box } : {}),
    ...(account ? { account } : {}),
    ...(o.git !== undefined ? { git: checkGit(o.git) } : {}),
    files,
  };
}
