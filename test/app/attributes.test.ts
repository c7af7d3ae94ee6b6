import { describe, expect, it } from 'vitest';
import { waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';
import { parseSgrLine } from '../../src/ui/screen/parse-sgr.js';
import { PLAIN } from '../../src/ui/screen/cell-style.js';
import { OVERLINE } from '../../src/terminal/styled-run.js';

const hubs = useHub();

// Every attribute an agent sets reaches the user's terminal: read from the headless screen, kept
// by the painter, written out in the frame's SGR.
describe('attributes from an agent reach the frame', () => {
  it('SGR 53 (overline) is drawn, and SGR 55 ends it', async () => {
    let out = '';
    const hub = await hubs.real({
      agents: [
        { command: `printf 'plain \\033[53mOVER\\033[55m AFTER \\033[1;53;9mMIX\\033[0m\\n'; exec sleep 30` },
      ],
      write: (s: string) => {
        out += s;
      },
    });
    await waitForFrame(hub, /MIX/);
    await hub.whenIdle();
    // The row as it reaches the terminal, styles applied as a terminal would.
    const row = hub
      .screen()
      .toAnsi()
      .split('\n')
      .find((l) => l.includes('OVER'))!;
    const segs = parseSgrLine(row, PLAIN);
    const attrsOf = (t: string) => segs.find((s) => s.text.includes(t))!.style.attrs;
    expect(attrsOf('OVER') & OVERLINE).toBe(OVERLINE);
    expect(attrsOf('AFTER') & OVERLINE).toBe(0);
    expect(attrsOf('MIX') & OVERLINE).toBe(OVERLINE);
    // And in the bytes the client got.
    expect(out).toMatch(/\x1b\[0;53mOVER/);
    expect(out).toMatch(/\x1b\[0;1;9;53mMIX/);
  });
});
