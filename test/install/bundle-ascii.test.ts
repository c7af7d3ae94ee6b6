import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS build script
import { asciiOnly } from '../../scripts/ascii-only.mjs';

// The scripts run with V8's code cache are ASCII (scripts/ascii-only.mjs): one character past it
// makes V8 hold the whole 1.5 MB source as a two-byte string (issue 97: the server's heap).
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('bundle: scripts written in ASCII', () => {
  const code = [
    'const out = [];',
    String.raw`out.push(/^\s*[─━═╌-]{3,}\s*$/.test("  ───  "));`,
    String.raw`out.push(/[\u2190-\u2BFF]\s.*(…|·)/u.test("→ a … b"));`,
    String.raw`out.push("•".length, "😀".length, "😀".codePointAt(0));`,
    String.raw`out.push(/^😀+$/u.test("😀😀"), /^[😀]$/u.test("😀"));`,
    String.raw`out.push(/a\•b/.test("a•b"));`,
    'const café = "é"; out.push(café);',
    'out.push(`╭─ ${café} ─╮`);',
    'out;',
  ].join('\n');

  it('means the same after every character past ASCII is escaped', () => {
    const escaped = asciiOnly(code) as string;
    expect(/[^\x00-\x7f]/.test(escaped)).toBe(false);
    expect(vm.runInNewContext(escaped)).toEqual(vm.runInNewContext(code));
  });

  it('leaves the built cli.cjs and lua-worker.cjs with nothing past ASCII', () => {
    for (const f of ['cli.cjs', 'lua-worker.cjs']) {
      const file = path.join(ROOT, 'dist/bundle', f);
      if (!fs.existsSync(file)) continue; // (not built: npm test builds first)
      expect(/[^\x00-\x7f]/.test(fs.readFileSync(file, 'latin1')), f).toBe(false);
    }
  });
});
