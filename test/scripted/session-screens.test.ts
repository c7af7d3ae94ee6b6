// What session.json records of each agent's screen: read again only once that screen changed (a
// hundred idle screens are not read at every state change), and always what the screen shows now.
import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();

describe("session.json's screens", () => {
  it('each record shows the screen as it is now, whichever agent changed', async () => {
    const t = await hubs.scripted({ agents: [{ command: 'one' }, { command: 'two' }] });
    const screens = () => Object.fromEntries(t.hub.sessionAgents().map((a) => [a.name, a.screen ?? []]));
    t.agent('one').print('alpha\r\n');
    t.agent('two').print('first\r\n');
    await t.settle();
    expect(screens()).toEqual({ one: ['alpha'], two: ['first'] });
    // Unchanged: the same again.
    expect(screens()).toEqual({ one: ['alpha'], two: ['first'] });
    t.agent('one').print('beta\r\n');
    await t.settle();
    expect(screens()).toEqual({ one: ['alpha', 'beta'], two: ['first'] });
    // A row rewritten in place, and a cleared screen.
    t.agent('two').print('\x1b[1A\rFIRST\r\n');
    await t.settle();
    expect(screens()).toEqual({ one: ['alpha', 'beta'], two: ['FIRST'] });
    t.agent('one').print('\x1b[2J\x1b[H');
    await t.settle();
    expect(screens()).toEqual({ one: [], two: ['FIRST'] });
  });
});
