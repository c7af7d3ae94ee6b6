import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { realHome, textLayout, waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';
import { until } from '../support/wait.js';

const hubs = useHub();

// A start makes the Lua worker build a configuration and draw a few frames: fewer requests than its
// memory trim counts as a burst, so its young generation stayed as the start left it (7 MB more in
// one idle hub out of three). Each build now asks for a trim once the worker is quiet.
describe('the Lua worker after a configuration build', () => {
  it('trims its memory once quiet, and keeps its configuration: a save still applies', async () => {
    const home = realHome('dot-folder', { 'user/layout.lua': textLayout('TRIM 0') });
    const hub = await hubs.watched({ home, agents: [{ command: 'cat' }], cols: 100, rows: 30 });
    await waitForFrame(hub, /TRIM 0/);
    // Asked once a second at most: asking is a request, and the trim waits for a quiet worker.
    let asked = 0;
    await until(
      'the worker trimmed after the start',
      async () => Date.now() - asked >= 1000 && ((asked = Date.now()), (await hub.lua.memory()).trims >= 1),
      30000,
    );
    fs.writeFileSync(path.join(home, 'user/layout.lua'), textLayout('TRIM 1'));
    await waitForFrame(hub, /TRIM 1/);
  }, 60000);
});
