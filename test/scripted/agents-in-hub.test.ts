import { describe, expect, it } from 'vitest';
import { basicPrograms } from '../support/scripted-pty.js';
import { useHub } from '../support/use-hub.js';

// Where typed keys go: the focused agent, in insert mode, a paste in one piece. A scripted hub (the
// agents record what reached them). What a real PTY does with them (ctrl+c as SIGINT, its size, a
// shell's exit codes): test/app/agents-in-hub.test.ts.

const hubs = useHub();

describe('agents inside the hub', () => {
  it('a bracketed paste arrives in one piece', async () => {
    const t = await hubs.scripted({ agents: [{ command: 'cat' }], scripts: basicPrograms });
    const writes: string[] = [];
    t.agent('cat').onInput((d) => writes.push(d));
    await t.press('\x1b[200~pasted line\x1b[201~');
    await t.press('\r');
    await t.frame(/pasted line[^\n]*\n[^\n]*pasted line/);
    // cat never asked for bracketed paste (ESC[?2004h): the text comes without the brackets, in one write
    expect(writes).toEqual(['pasted line', '\r']);
  });

  it('ctrl+g then j switches the focused agent; i goes back to typing', async () => {
    const t = await hubs.scripted({
      agents: [
        { command: 'echo first; cat', name: 'one' },
        { command: 'echo second; cat', name: 'two' },
      ],
      scripts: basicPrograms,
    });
    await t.frame(/first/);
    await t.press('\x07');
    expect(t.hub.currentMode).toBe('normal');
    await t.press('j');
    await t.frame(/second/);
    expect(t.hub.focused?.info.name).toBe('two');
    await t.press('i');
    await t.press('typed\r');
    await t.frame(/typed[^\n]*\n[^\n]*typed/);
    expect(t.agent('two').received).toBe('typed\r');
    expect(t.agent('one').received).toBe('');
  });
});
