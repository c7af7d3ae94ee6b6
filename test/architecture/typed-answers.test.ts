// An outcome is answered typed (issue 68): a verb answers what its `answer` declares, a request what
// hub/request-answers.ts says, `run` its own chain's outcome. `Promise<unknown>` is left only where
// what comes back is no one's outcome: the Lua engine's WebAssembly loading, the worker's RPC
// table (each handler's own params), and a disposer's settling. A Lua value is a LuaValue.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

const ALLOWED = new Set([
  'lua/engine/wasm-module.ts',
  'lua/worker-rpc/serve-rpc.ts',
  'app/disposable-store.ts',
]);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('answers are typed', () => {
  it('no Promise<unknown> answers an outcome anywhere in src/', () => {
    const found = sources(SRC)
      .map((f) => path.relative(SRC, f).split(path.sep).join('/'))
      .filter((f) => !ALLOWED.has(f))
      .flatMap((f) =>
        fs
          .readFileSync(path.join(SRC, f), 'utf8')
          .split('\n')
          .flatMap((line, i) => (line.includes('Promise<unknown>') ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(found).toEqual([]);
  });

  it('a verb, a handler of the socket and a link answer the named ControlAnswer', () => {
    const read = (f: string) => fs.readFileSync(path.join(SRC, f), 'utf8');
    expect(read('verbs/verb.ts')).toMatch(/act\([^)]*\): ControlAnswer \| Promise<ControlAnswer>/);
    expect(read('verbs/call.ts')).toMatch(/\): Promise<ControlAnswer> \{/);
    expect(read('server/control.ts')).toMatch(/Promise<ControlAnswer> =>/);
  });

  it('no notice is read back for an outcome: the store tells no one what it says, and no verb or command reads the notice on screen', () => {
    const files = sources(SRC).map((f) => path.relative(SRC, f).split(path.sep).join('/'));
    const hits = (re: RegExp, only: (f: string) => boolean) =>
      files.filter(only).flatMap((f) =>
        fs
          .readFileSync(path.join(SRC, f), 'utf8')
          .split('\n')
          .flatMap((line, i) => (re.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
      );
    // What is said is told to a run by the one saying it (app/say.ts), never heard off the store.
    expect(hits(/onSaid/, () => true)).toEqual([]);
    expect(hits(/\.notice\b|notice\?\./, (f) => /^(verbs|commands|server|mcp|web)\//.test(f))).toEqual([]);
  });
});
