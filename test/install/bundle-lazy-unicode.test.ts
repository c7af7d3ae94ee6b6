import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS build script
import { common } from '../../scripts/bundle-options.mjs';

// The bundle builds Intl.Segmenter and string-width's RGI_Emoji regex on first use, not when it
// loads (together 20-150 ms at start), and measures text exactly as the real packages do.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLES = [
  'plain',
  '╭─ Agents ─╮',
  '😀',
  '👨‍👩‍👧',
  '🇫🇷',
  '1️⃣',
  '✔️',
  'a\u0301',
  '\u200bzero',
  '日本',
  '👍🏽 ok',
];

describe('bundle: Unicode tables load on first use', () => {
  it('loading measures nothing; measuring gives string-width results', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-bundle-'));
    const contents =
      "export { textWidth } from './src/ui/screen/text-width.ts';\n" +
      "import sliceAnsi from 'slice-ansi';\nexport const slice = (s: string) => sliceAnsi(s, 0, 3);\n";
    await build({
      ...common,
      stdin: { contents, resolveDir: ROOT, loader: 'ts' },
      outfile: path.join(dir, 'out.mjs'),
      sourcemap: false,
    });
    const probe = `
      const made = { segmenters: 0, rgi: 0 };
      const RealSeg = Intl.Segmenter;
      Intl.Segmenter = class extends RealSeg { constructor(...a) { super(...a); made.segmenters++; } };
      const RealRe = RegExp;
      globalThis.RegExp = new Proxy(RealRe, { construct(t, a) { if (String(a[0]).includes('RGI_Emoji')) made.rgi++; return new t(...a); } });
      const m = await import(${JSON.stringify(pathToFileURL(path.join(dir, 'out.mjs')).href)});
      const atLoad = { ...made };
      const widths = ${JSON.stringify(SAMPLES)}.map((s) => m.textWidth(s));
      m.slice('\u{1F600}ab');
      console.log(JSON.stringify({ atLoad, widths, after: made }));`;
    const out = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' }),
    );
    expect(out.atLoad).toEqual({ segmenters: 0, rgi: 0 });
    expect(out.widths).toEqual(SAMPLES.map((s) => stringWidth(s)));
    // the stand-ins did build the real things when text needed them
    expect(out.after.segmenters).toBeGreaterThan(0);
    expect(out.after.rgi).toBe(1);
  });
});
