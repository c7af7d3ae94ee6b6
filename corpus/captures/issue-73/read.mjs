// node read.mjs DIR [--all]: every case of DIR/*.json read by its CLI's rules and by the structural
// rules alone (program unknown); prints the misses (and every reading with --all).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
const root = process.env.ROOT ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const dist = (p) => import(path.join(root, 'dist', p));
const { ConfigRuntime } = await dist('lua/runtime/config-runtime.js');
const { readConfigFiles } = await dist('reload/config-files.js');
const { BUILTIN_COMMANDS } = await dist('commands/builtin-commands.js');
const { readRealScreens } = await dist('status/figures.js');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aw73-read-'));
const rt = await ConfigRuntime.build(readConfigFiles({ home }), () => {}, {}, BUILTIN_COMMANDS.map((c) => c.id));
const dir = process.argv[2];
const all = process.argv.includes('--all');
const det = (a, s) => rt.detectStatus(a, s, false);
let src = dir;
if (process.argv.includes('--settled')) {
  src = fs.mkdtempSync(path.join(os.tmpdir(), 'aw73-set-'));
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.json')))
    fs.writeFileSync(path.join(src, f), JSON.stringify(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).map((c) => ({ ...c, quiet_ms: 5000, ...(process.argv.includes('--notitle') ? { title: '' } : {}) }))));
}
const own = readRealScreens(src, det);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aw73-gen-'));
for (const f of fs.readdirSync(src).filter((f) => f.endsWith('.json'))) {
  const cs = JSON.parse(fs.readFileSync(path.join(src, f), 'utf8')).map((c) => ({ ...c, program: 'someagent' }));
  fs.writeFileSync(path.join(tmp, f), JSON.stringify(cs));
}
const gen = readRealScreens(tmp, det);
let ok = 0, gok = 0;
own.forEach((r, i) => {
  const g = gen[i];
  if (r.got === r.want) ok++;
  if (g.got === g.want) gok++;
  if (all || r.got !== r.want || g.got !== g.want)
    console.log(`${r.got === r.want ? ' ' : 'X'}${g.got === g.want ? ' ' : 'S'} ${r.cli} ${r.version} want ${r.want}: own ${r.got} (${r.verdict?.rule ?? ''}${r.verdict?.reason ? ' | ' + r.verdict.reason : ''}); structure ${g.got} (${g.verdict?.rule ?? ''}) :: ${r.case.name}`);
});
console.log(`own rules ${ok}/${own.length}, structure ${gok}/${gen.length}`);
rt.dispose();
fs.rmSync(home, { recursive: true, force: true });
fs.rmSync(tmp, { recursive: true, force: true });
