import fs from 'node:fs';
import path from 'node:path';
import { addPlugin } from '../../src/plugins/install.js';
import { checkPluginLoads } from '../../src/reload/plugin-check.js';
import type { Capability } from '../../src/hub/capabilities.js';
import { tempHome } from './homes.js';

/**
 * A folder plugin `name` (its plugin.json asking for `capabilities`, its init.lua `lua`) added to
 * `home`'s plugins as `botster-tui plugin add` adds one: `granted` granted (default: all it asks),
 * checked as the hub checks it. Rejects as addPlugin does (a check that fails, say).
 */
export async function addFolderPlugin(
  home: string,
  name: string,
  lua: string,
  capabilities: Capability[],
  granted: Capability[] = capabilities,
): Promise<void> {
  const dir = path.join(tempHome(), name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'plugin.json'), JSON.stringify({ name, version: '1.0.0', capabilities }));
  fs.writeFileSync(path.join(dir, 'init.lua'), lua);
  await addPlugin(home, dir, dir, {
    grant: async () => granted,
    check: (d, m, g) => checkPluginLoads(home, d, m, g),
  });
}
