// `botster-tui plugin new NAME --from improvement IMP [DIR]`: the improvement IMP of this home made
// a plugin folder (src/improvements/to-plugin.ts), whose test is run once so its golden frame is
// there and `botster-tui test DIR` passes. Anyone may run it, an agent too: it only writes a new
// folder; adding it to a home stays `plugin add`, the user's.
import path from 'node:path';
import { writePluginFromImprovement } from '../improvements/to-plugin.js';
import { firstTestRun } from '../improvements/plugin-golden.js';
import { capabilityText } from '../hub/capabilities.js';
import { EXIT } from '../wire/exit-codes.js';
import { shellWord } from './shell-quote.js';

export interface FromImprovementIo {
  out(s: string): void;
  err(s: string): void;
  cwd: string;
}

export async function newFromImprovement(
  home: string,
  rest: string[],
  from: string,
  io: FromImprovementIo,
): Promise<number> {
  if (from !== 'improvement') {
    io.err(`--from ${from}: a plugin is made --from improvement IMP (the only kind there is)`);
    return EXIT.USAGE;
  }
  const [name, imp, dirArg] = rest;
  const dir = path.resolve(io.cwd, dirArg ?? name);
  const made = writePluginFromImprovement(home, name, imp, dir);
  for (const f of made.files) io.out(`wrote ${path.join(made.dir, f)}`);
  const m = made.manifest;
  io.out(
    `${m.name} ${m.version} asks for ${m.capabilities.length ? m.capabilities.join(', ') : 'no capability'} (read from its code):`,
  );
  for (const c of m.capabilities)
    io.out(
      `  ${c.padEnd(10)} ${capabilityText(c, m)}${made.derived.because[c] ? ` (it calls ${made.derived.because[c]})` : ''}`,
    );
  const run = await firstTestRun(made.dir, home);
  if (run.code !== 0) {
    io.err(`its test did not pass on its first run (the folder is kept, for you to look at):`);
    for (const l of run.output.trimEnd().split('\n')) io.err(`  ${l}`);
    return EXIT.FAILED;
  }
  io.out(`its test passed and wrote its golden frame (${path.join(made.dir, '__golden__', 'hub.txt')})`);
  io.out(
    `nothing is installed: botster-tui plugin add ${shellWord(made.dir)} adds it (you grant what it asks for), then botster-tui test ${shellWord(made.dir)}`,
  );
  return EXIT.OK;
}
