import fs from 'node:fs';
import { afterAll } from 'vitest';
import { madeHomes } from './homes.js';

// After a test file's own afterAll hooks (they run last registered first, so this one runs last):
// the servers it started are stopped by then, and its homes go. (A worker that runs several files
// shares the list: what an earlier file made was removed after it.)
afterAll(() => {
  for (const dir of madeHomes.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
