import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// `self` is a projection of the state (src/hub/app-data.ts): parts report facts with intents, and
// none asks Lua to draw again by hand. Only these may: a reload of the configuration (Lua itself
// changed), the start (the planned frame), and the frame room with its own frames.
const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');
const MAY = new Set(['reload/hub-config.ts', 'app/hub-start.ts', 'app/hub.ts', 'app/parts.ts']);

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(full) : /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

describe('facts, not invalidations', () => {
  it('no part outside the frame room, the reload and the start asks for a new tree by hand', () => {
    const callers = files(SRC)
      .map((f) => path.relative(SRC, f))
      .filter((f) => !f.startsWith('frame/') && !f.startsWith('ui/') && !MAY.has(f))
      .filter((f) =>
        /\binvalidateTree\b|\binvalidate\(\s*(true)?\s*\)/.test(fs.readFileSync(path.join(SRC, f), 'utf8')),
      );
    expect(callers).toEqual([]);
  });

  it('nothing builds self but the projection of the state', () => {
    const builders = files(SRC)
      .map((f) => path.relative(SRC, f))
      .filter((f) => /export function appData\(/.test(fs.readFileSync(path.join(SRC, f), 'utf8')));
    expect(builders).toEqual(['hub/app-data.ts']);
  });
});
