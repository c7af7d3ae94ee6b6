import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// `self` is a projection of the state (src/hub/app-data.ts): parts report facts with intents, and
// none asks Lua to draw again by hand; only the frame room touches its own frames. A configuration
// that goes live is a fact too (the state's configGeneration, src/hub/configuration.ts).
const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(full) : /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

describe('facts, not invalidations', () => {
  it('no part outside the frame room asks for a new tree by hand', () => {
    const callers = files(SRC)
      .map((f) => path.relative(SRC, f))
      .filter((f) => !f.startsWith('frame/') && !f.startsWith('ui/'))
      .filter((f) =>
        /\binvalidateTree\b|\binvalidate\(\s*(true)?\s*\)/.test(fs.readFileSync(path.join(SRC, f), 'utf8')),
      );
    expect(callers).toEqual([]);
  });

  it('the composition root and the reload room invalidate nothing: a reload is the fact configGeneration', () => {
    const callers = files(SRC)
      .map((f) => path.relative(SRC, f))
      .filter((f) => f.startsWith('app/') || f.startsWith('reload/'))
      .filter((f) => /\binvalidate\w*\s*\(/.test(fs.readFileSync(path.join(SRC, f), 'utf8')));
    expect(callers).toEqual([]);
  });

  it('nothing builds self but the projection of the state', () => {
    const builders = files(SRC)
      .map((f) => path.relative(SRC, f))
      .filter((f) => /export function appData\(/.test(fs.readFileSync(path.join(SRC, f), 'utf8')));
    expect(builders).toEqual(['hub/app-data.ts']);
  });
});
