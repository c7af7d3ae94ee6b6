// glibc's malloc raises its mmap threshold each time a large block it had mapped is freed (up to
// 32 MB): after the server's start-up freed its big buffers (the CLI's source and code cache, Lua's
// wasm compile), blocks of up to that size came from the heaps, and what start-up freed there stayed
// resident, fragmented: 11-15 MB of an idle server's RSS. A fixed threshold (glibc's own initial
// one) keeps large blocks mapped and given back when freed. It must be in the environment when node
// execs, so the clients start the server with it (here and src/native/client/launch.c); the server
// takes it out of its own environment again, so its agents get the user's.

/** The threshold the server runs with: glibc's default, made fixed. */
export const MMAP_THRESHOLD = '131072';
const VAR = 'MALLOC_MMAP_THRESHOLD_';
/** Says the client set VAR (a user's own stays, for the agents too). */
const MARK = 'BOTSTER_MALLOC_SET';

/** The server's environment: `env` with the fixed threshold, unless the user set one. */
export function withServerMalloc(env: Record<string, string>): Record<string, string> {
  if (env[VAR] !== undefined) return env;
  return { ...env, [VAR]: MMAP_THRESHOLD, [MARK]: '1' };
}

/** In the server, once started: what the client added goes (its agents get the user's environment). */
export function dropServerMalloc(env: NodeJS.ProcessEnv = process.env): void {
  if (env[MARK] === '1') delete env[VAR];
  delete env[MARK];
}
