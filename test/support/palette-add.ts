import { screen, waitScreen, type Running } from './cli-pty.js';

/** The palette's plugin.add, typed as a user would, given `source` (hub keys on first, unless they are). */
export async function paletteAdd(client: Running, source: string): Promise<void> {
  if (!/ NORMAL /.test(screen(client.term))) client.pty.write('\x07');
  await waitScreen(client, / NORMAL /);
  client.pty.write(':');
  await waitScreen(client, /│ > type to filter/);
  client.pty.write('plugin.add');
  await waitScreen(client, /plugin\.add/);
  client.pty.write('\r');
  await waitScreen(client, /Add a plugin from/);
  client.pty.write(`${source}\r`);
}
