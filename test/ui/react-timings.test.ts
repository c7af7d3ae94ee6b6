import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// React's development build records user-timing measures for every commit, and Node keeps them
// all: a hub run from tsc's dist/ (not the production bundle) grew ~28 kB per reload. Vitest's
// console has no timeStamp, which turns those timings off in-process, so this runs a plain node.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RENDERER = pathToFileURL(path.join(ROOT, 'dist/ui/frame-renderer.js')).href;
const VALIDATE = pathToFileURL(path.join(ROOT, 'dist/widgets/validate-tree.js')).href;

describe('React development timings', () => {
  it('frames drawn with the development build leave no measures in the performance timeline', () => {
    const probe = `
      const { FrameRenderer } = await import(${JSON.stringify(RENDERER)});
      const { validateTree } = await import(${JSON.stringify(VALIDATE)});
      let seen = 0;
      new PerformanceObserver((list) => (seen += list.getEntries().length)).observe({ entryTypes: ['measure'] });
      const r = new FrameRenderer(60, 12);
      for (let i = 0; i < 50; i++) r.render(validateTree({ type: 'column', children: [{ type: 'text', props: {}, text: 'frame ' + i }, { type: 'text', props: {}, text: 'same' }] }));
      await new Promise((res) => setTimeout(res, 50));
      const kept = performance.getEntriesByType('measure').length;
      r.dispose();
      console.log(JSON.stringify({ seen, kept, env: process.env.NODE_ENV ?? null }));`;
    const env = { ...process.env };
    delete env.NODE_ENV;
    const out = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', probe], {
        encoding: 'utf8',
        env,
        cwd: ROOT,
      })
        .trim()
        .split('\n')
        .pop()!,
    );
    expect(out.env).toBeNull();
    // The development build is live (it records timings) ...
    expect(out.seen).toBeGreaterThan(100);
    // ... and no more than the last frame's are left.
    expect(out.kept).toBeLessThan(out.seen / 20);
  });
});
