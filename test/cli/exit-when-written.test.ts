import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// `botster-tui read 2 --scrollback | slow-reader`: the CLI writes a line at a time into a pipe,
// which Node writes asynchronously; exiting with lines still queued in the process dropped them
// (a loaded machine lost the tail of a scrollback this way).

const MODULE = pathToFileURL(path.resolve('dist/cli/quiet-pipe.js')).href;

/** Lines a late reader gets from a writer of 3000 lines that ends with `exit`. */
function linesRead(exit: string): number {
  const writer = `import(${JSON.stringify(MODULE)}).then((m) => { for (let i = 1; i <= 3000; i++) process.stdout.write('line ' + i + '\\n'); ${exit}; })`;
  // The reader runs in a process of its own (vitest's workers read children's pipes at once).
  const reader = `
    const p = require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(writer)}], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.on('close', () => console.log(out.split('\\n').filter(Boolean).length));
    p.stdout.on('data', (d) => (out += d));
    p.stdout.pause();
    setTimeout(() => p.stdout.resume(), 300);`;
  const r = spawnSync(process.execPath, ['-e', reader], { encoding: 'utf8', timeout: 20000 });
  return Number(r.stdout.trim());
}

describe('exitWhenWritten', () => {
  it('exits once a late reader got every line written to stdout', () => {
    expect(linesRead('m.exitWhenWritten(0)')).toBe(3000);
  });
});
