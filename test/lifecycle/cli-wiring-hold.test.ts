import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installAgentBin } from '../../src/lifecycle/agent-path.js';
import { CliWiring } from '../../src/lifecycle/cli-wiring.js';
import { shippedClis } from '../support/status.js';

// A hub's first frame does not wait for the CLIs' shims (its agents start after it): held, a
// configuration's shims are written at release(), the last configuration's only; then at once again.

const CLIS = await shippedClis();
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'botster wiring hold '));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

function wiring() {
  const home = fs.mkdtempSync(path.join(base, 'h'));
  const bin = installAgentBin(home);
  const warned: string[] = [];
  const w = new CliWiring({ home, agentBin: bin, warn: (m) => warned.push(m), readTools: [] });
  return { w, bin, warned };
}
const shimsIn = (bin: string) => fs.readdirSync(bin).filter((n) => n === 'claude' || n === 'codex');

describe('CliWiring.hold', () => {
  it('held, a configuration writes no shim until release(); what it knows of the CLIs is there at once', () => {
    const { w, bin, warned } = wiring();
    w.hold();
    w.configure(CLIS);
    expect(shimsIn(bin)).toEqual([]);
    // (packages and transcript patterns are not held)
    expect(w.transcriptPatterns.length).toBeGreaterThan(0);
    w.release();
    expect(shimsIn(bin).sort()).toEqual(['claude', 'codex']);
    expect(warned).toEqual([]);
  });

  it('the last configuration held is the one written; after release() each is written at once', () => {
    const { w, bin } = wiring();
    w.hold();
    w.configure(CLIS);
    w.configure(CLIS.filter((c) => c.name !== 'codex'));
    w.release();
    expect(shimsIn(bin)).toEqual(['claude']);
    w.configure(CLIS);
    expect(shimsIn(bin).sort()).toEqual(['claude', 'codex']);
  });

  it('not held, shims are written as the configuration comes', () => {
    const { w, bin } = wiring();
    w.configure(CLIS);
    expect(shimsIn(bin).sort()).toEqual(['claude', 'codex']);
  });
});
