import fs from 'node:fs';
import path from 'node:path';
import { CONTROL_PROTOCOL } from '../../src/wire/control-request.js';

// A shell agent's script for the principal tests: each line's output and exit code go to a file
// the test reads, as an agent's own processes would run them.

/** A shell agent that runs `lines`, each one's output and exit code appended to `out`; `wait FILE` waits for it. */
export function script(home: string, name: string, lines: string[]): { file: string; out: string } {
  const out = path.join(home, `${name}.out`);
  const file = path.join(home, `${name}.sh`);
  const body = lines
    .map((l) =>
      l.startsWith('wait ')
        ? `while [ ! -e ${l.slice(5)} ]; do sleep 0.05; done`
        : `{ ${l}; } >> ${out} 2>&1; echo "rc=$?" >> ${out}`,
    )
    .join('\n');
  fs.writeFileSync(file, `export PATH=${home}/bin:$PATH\n${body}\necho done >> ${out}\nexec sleep 600\n`);
  return { file, out };
}

/** A file's text, or '' while it is not there. */
export const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');

/**
 * A line of an agent's script that sends one control request on its $BOTSTER_SOCKET (a raw socket,
 * no CLI: as any program of the agent's could) and prints `reply JSON`.
 */
export function askLine(req: Record<string, unknown>): string {
  const js =
    'const s=require("net").createConnection(process.env.BOTSTER_SOCKET);let b="";s.on("connect",()=>s.write(process.argv[1]+"\\n"));s.on("data",d=>{b+=d;const i=b.indexOf("\\n");if(i>=0){console.log("reply "+b.slice(0,i));process.exit(0)}})';
  return `${process.execPath} -e '${js}' '${JSON.stringify({ v: CONTROL_PROTOCOL, ...req })}'`;
}
