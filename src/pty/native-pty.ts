import { createRequire } from 'node:module';
import type * as NodePty from '@lydell/node-pty';

/**
 * The only place that loads the PTY library. `@lydell/node-pty` is node-pty published with
 * prebuilt binaries as optional per-platform packages, so installing needs no compiler and runs
 * no install script. Its masters are inheritable and its child's close-on-exec sweep stops at the
 * first gap, so spawns go through spawnAboveMasters (master-fds.ts). It is loaded on first use so
 * that commands that never start an agent work even where the binary is missing.
 */
export const PTY_PACKAGE = '@lydell/node-pty';

export class PtyUnavailableError extends Error {}

let loaded: typeof NodePty | null = null;

export function nativePty(): typeof NodePty {
  if (loaded) return loaded;
  try {
    loaded = createRequire(import.meta.url)(PTY_PACKAGE) as typeof NodePty;
  } catch (err) {
    const why = String((err as Error)?.message ?? err).split('\n')[0];
    throw new PtyUnavailableError(
      `cannot load the PTY library ${PTY_PACKAGE} for ${process.platform}-${process.arch} (${why}); ` +
        'reinstall botster-tui with npm so its prebuilt binary for this platform is installed (npm i -g botster-tui)',
    );
  }
  return loaded;
}

/** node-pty's binding (`native`: exported, though not in its types). */
interface PtyBinding {
  resize(fd: number, cols: number, rows: number, pixelWidth: number, pixelHeight: number): void;
}

/**
 * Sets the window size of a PTY master this process holds (TIOCSWINSZ: the agent gets SIGWINCH).
 * Node has no ioctl, so node-pty's binding does it. Throws when the terminal is gone.
 */
export function resizeMaster(fd: number, cols: number, rows: number): void {
  const binding = (nativePty() as unknown as { native?: Partial<PtyBinding> }).native;
  if (typeof binding?.resize !== 'function') {
    throw new PtyUnavailableError(`${PTY_PACKAGE} has no resize in its binding`);
  }
  binding.resize(fd, cols, rows, 0, 0);
}
