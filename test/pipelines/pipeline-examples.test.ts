import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXAMPLES_DIR, exampleNames, pipelineFile } from '../../src/cli/pipeline-command.js';
import { BIN } from '../support/cli-pty.js';
import { exec } from '../support/fleet.js';

// `pipeline run example:NAME`: the pipelines botster-tui ships, read from the package wherever it
// is installed (docs/pipelines.md's first command works from an install, not only a checkout).

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('pipeline run example:NAME', () => {
  it('is a shipped example from the package, from any folder; a path is still a path', () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-test-'));
    try {
      expect(exampleNames()).toEqual(
        expect.arrayContaining(['best-of-three', 'fan-out', 'plan-implement-review']),
      );
      const file = pipelineFile('example:best-of-three', elsewhere);
      expect(file).toBe(path.join(EXAMPLES_DIR, 'best-of-three.lua'));
      expect(fs.readFileSync(file, 'utf8')).toContain('id = "best-of-three"');
      expect(pipelineFile('example:fan-out.lua', elsewhere)).toBe(path.join(EXAMPLES_DIR, 'fan-out.lua'));
      expect(pipelineFile('mine.lua', elsewhere)).toBe(path.join(elsewhere, 'mine.lua'));
      // The package ships the folder (package.json "files").
      const files = (
        JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[] }
      ).files;
      expect(files).toContain(path.relative(ROOT, EXAMPLES_DIR).split('/')[0]);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('an unknown example is a usage error (exit 2) naming the shipped ones', async () => {
    const r = await exec(process.execPath, [BIN, 'pipeline', 'run', 'example:nope'], {
      BOTSTER_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'botster-test-')),
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('example:nope: no such example');
    expect(r.stderr).toContain('example:best-of-three');
  });

  it("the docs run pipelines by example:NAME or a user's file, never by a checkout's path", () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs/pipelines.md'), 'utf8');
    const runs = [...doc.matchAll(/botster-tui pipeline run (\S+)/g)].map((m) => m[1]);
    expect(runs.length).toBeGreaterThan(0);
    for (const arg of runs) {
      expect(arg, arg).not.toMatch(/^lua\//);
      if (arg.startsWith('example:')) expect(exampleNames()).toContain(arg.slice('example:'.length));
    }
  });
});
