import path from 'node:path';
import { boxSocketOf } from '../wire/socket-path.js';
import type { Box } from './box.js';
import { boxedArgv } from './box-runner.js';
import { boxPlace } from './box-place.js';
import { boxFolders } from './box-writes.js';

// A command the hub runs for a boxed agent on what that agent wrote (a pipeline step's check:
// `sh ./t.sh` in its worktree), run in the agent's own box: nothing a box wrote runs outside a
// box. The same box record, writing the same folders (the agent's, whatever folder it runs in),
// seeing no more of yours; a bubblewrap box or a container of the same box, with no terminal.
// Not the hub's socket: the hub started it, so on the socket it would not be the agent's, and an
// unset BOTSTER_AGENT_ID would make it yours.

/** The boxed agent it runs for: its box, its folder, its environment (what its box was made with). */
export interface BoxedFor {
  box: Box;
  cwd: string;
  env: Record<string, string>;
  id: string;
}

/** What runs `argv` in `dir` inside `o`'s box (and its container's name, when it is one); throws a BoxError when no box can be made. */
export function boxedCommand(
  o: BoxedFor,
  dir: string,
  argv: { file: string; args: string[] },
): { file: string; args: string[]; container?: string; env?: Record<string, string> } {
  const own = boxPlace(o.cwd, o.env);
  const socket = own.hub?.socket;
  const link = socket ? boxSocketOf(socket) : null;
  const box: Box = {
    ...o.box,
    folders: boxFolders(o.box, own),
    hide: [...o.box.hide, ...(socket ? [socket] : []), ...(link ? [path.dirname(link)] : [])],
  };
  const place = { ...own, cwd: dir, ...(own.hub ? { hub: { home: own.hub.home } } : {}) };
  // (its own id in the container's label: the agent's container is found by the agent's)
  return boxedArgv(box, place, argv, o.env.PATH, { id: `${o.id}-check`, env: o.env, terminal: false });
}
