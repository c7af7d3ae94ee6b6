import os from 'node:os';
import path from 'node:path';
import { BoxError, type Box } from './box.js';
import { within } from './box-paths.js';
import { boxFolders, boxPath, holdsHome } from './box-writes.js';

// A box is fixed when made: the folders it writes are recorded with its agent at the first start
// (the box in its spec: its keeper's record, session.json) and kept through every restart, respawn
// and resume. An agent that asks to run elsewhere runs inside those folders or not at all; you may
// move it (then its box is made again, for the new folder, by your word). docs/security.md, "Boxes".

/** `box` with the folders it writes recorded: those it has, else its cwd (none: the cwd holds your home). */
export function fixedBox(box: Box, cwd: string, home: string): Box {
  if (box.folders) return box;
  const folder = path.resolve(cwd);
  return { ...box, folders: holdsHome(folder, home) ? [] : [folder] };
}

/** `box` to be made again for another folder: by your word, never an agent's. */
export function unfixedBox(box: Box): Box {
  const { folders: _, ...rest } = box;
  return rest;
}

/** The home of an agent whose own variables are `env` (its spec's, over the hub's). */
export const homeOf = (env: Record<string, string> | undefined): string =>
  env?.HOME ?? process.env.HOME ?? os.homedir();

/**
 * The box an agent starts in, its folders recorded (those it was given, else its cwd), and, when
 * that was your home, what the hub says of it.
 */
export function boxAtStart(box: Box, cwd: string, home: string): { box: Box; notice?: string } {
  if (box.folders) return { box };
  const fixed = fixedBox(box, cwd, home);
  if (fixed.folders?.length) return { box: fixed };
  return { box: fixed, notice: inHomeWords(box.write.filter((w) => !holdsHome(boxPath(w, home), home))) };
}

/**
 * The box agent `name` runs in when started again in `to`: the same (inside its folders), made
 * again for `to` when you asked (`byUser`), else a BoxError that says why not.
 */
export function boxToMove(
  name: string,
  box: Box,
  place: { cwd: string; home: string },
  to: string,
  byUser: boolean,
): Box {
  if (byUser) return path.resolve(to) === path.resolve(place.cwd) ? box : unfixedBox(box);
  const no = moveRefusal(name, box, place, to);
  if (no) throw new BoxError(no);
  return box;
}

/**
 * Why agent `name` in `box` (at `place`) may not be started again in `to` when it is not you who
 * asks: `to` lies outside every folder its box writes. null: it may (the same folder, or inside one).
 */
export function moveRefusal(
  name: string,
  box: Box,
  place: { cwd: string; home: string },
  to: string,
): string | null {
  const dest = path.resolve(to);
  if (dest === path.resolve(place.cwd)) return null;
  const folders = boxFolders(box, place);
  if (folders.some((f) => within(dest, f))) return null;
  const writes = folders.length ? `writes only ${folders.join(', ')}` : 'writes none of its folder';
  return `agent ${name} not started again in ${dest}: its box ${writes}, fixed when it was made (another folder is yours to give it: start an agent there)`;
}

/** What a box started in your home writes instead (`writes`: its CLI's folders), in words. */
export function inHomeWords(writes: readonly string[]): string {
  return `started in your home: the box writes only ${[...writes, 'a private /tmp'].join(', ')}; start it in a project folder to let it write there`;
}
