// The figures of docs/agent-states.md, from the corpus (`npm run docs:figures`: builds, then this
// with --write): every real screen of corpus/real-screens and the counted cases of
// corpus/state-detection, read by the shipped rules (lua/default/), per CLI and per release.
// Prints the table; `--write` puts it in docs/agent-states.md. test/status/real-screens.test.ts
// fails when the page and the corpus disagree.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = (p) => import(path.join(root, 'dist', p));
const { ConfigRuntime } = await dist('lua/runtime/config-runtime.js');
const { readConfigFiles } = await dist('reload/config-files.js');
const { BUILTIN_COMMANDS } = await dist('commands/builtin-commands.js');
const { figuresBlock, readPeerCorpus, readRealScreens, withFigures } = await dist('status/figures.js');

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-figures-'));
const rt = await ConfigRuntime.build(
  readConfigFiles({ home }),
  () => {},
  {},
  BUILTIN_COMMANDS.map((c) => c.id),
);
try {
  // The Lua budget is wall time: on a loaded machine a call can overrun it once; ask again.
  const detect = (agent, screen) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return rt.detectStatus(agent, screen, false);
      } catch (err) {
        if (attempt >= 3 || !/stopped after/.test(err.message)) throw err;
      }
    }
  };
  const titles = new Map((rt.export().clis ?? []).map((c) => [c.name, c.title ?? c.name]));
  const block = figuresBlock(
    readRealScreens(path.join(root, 'corpus/real-screens'), detect),
    readPeerCorpus(path.join(root, 'corpus/state-detection'), detect),
    (cli) => titles.get(cli) ?? cli,
  );
  if (process.argv.includes('--write')) {
    const page = path.join(root, 'docs/agent-states.md');
    fs.writeFileSync(page, withFigures(fs.readFileSync(page, 'utf8'), block));
    console.log(`docs/agent-states.md: figures written`);
  } else console.log(block);
} finally {
  rt.dispose();
  fs.rmSync(home, { recursive: true, force: true });
}
