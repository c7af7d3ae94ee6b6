import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS build script
import { common } from '../../scripts/bundle-options.mjs';

// Ink caches every text it measures or wraps, for good: in the bundle those caches are bounded
// (scripts/bundle-options.mjs). Frames whose texts keep changing (a title, a status line, a
// clock) must not grow the heap: ~600 B a frame stayed with Ink's own caches.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FRAMES = 6000;

describe('bundle: Ink forgets the texts it measured', () => {
  it(`${FRAMES} frames with new texts keep less than 100 B each after GC`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-bundle-'));
    const contents =
      "export { FrameRenderer } from './src/ui/frame-renderer.tsx';\nexport { validateTree } from './src/widgets/validate-tree.ts';\n";
    const result = await build({
      ...common,
      stdin: { contents, resolveDir: ROOT, loader: 'ts' },
      outfile: path.join(dir, 'out.mjs'),
      sourcemap: false,
      metafile: true,
    });
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs.filter((f) => /ink\/build\/(measure|wrap)-text\.js$/.test(f))).toEqual([]);
    expect(inputs).toContain('src/ui/paint/text-measure.ts');
    const probe = `
      import v8 from 'node:v8';
      import vm from 'node:vm';
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc');
      const { FrameRenderer, validateTree } = await import(${JSON.stringify(pathToFileURL(path.join(dir, 'out.mjs')).href)});
      const r = new FrameRenderer(120, 40);
      const frame = (i) => validateTree({ type: 'column', children: [
        { type: 'header', props: { title: 'Botster Hub', subtitle: '12:' + String(i % 60).padStart(2, '0') + ':' + i } },
        { type: 'panel', props: { width: 30 }, children: [{ type: 'text', props: {}, text: 'claude: working on step ' + i + ' of the plan, three files changed so far' }] },
        { type: 'status_bar', props: { left: ' NORMAL ', right: i + ' events' } }] });
      const heap = () => { gc(); gc(); return process.memoryUsage().heapUsed; };
      for (let i = 0; i < 3000; i++) r.render(frame(i));
      const before = heap();
      for (let i = 3000; i < 3000 + ${FRAMES}; i++) r.render(frame(i));
      const after = heap();
      console.log(JSON.stringify({ perFrame: (after - before) / ${FRAMES} }));`;
    const out = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .pop()!,
    );
    console.log(`bundle: ${Math.round(out.perFrame)} B kept per frame`);
    expect(out.perFrame).toBeLessThan(100);
  }, 90000); // 9000 frames in a child process: CPU-bound, slow on a loaded runner
});
