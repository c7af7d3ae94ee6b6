import { describe, expect, it } from 'vitest';
import { desktopNotification } from '../../src/hub/desktop-notification.js';

// What the hub writes to the user's terminal for a desktop notification (the notify effect): an
// agent's words must not end the escape early or carry one of their own.

describe('desktopNotification', () => {
  it('is OSC 9 by default, OSC 777 when asked, the bell for "bell"', () => {
    expect(desktopNotification('build done', undefined)).toBe('\x1b]9;build done\x07');
    expect(desktopNotification('build done', 'osc777')).toBe('\x1b]777;notify;botster-tui;build done\x07');
    expect(desktopNotification('build done', 'bell')).toBe('\x07');
  });

  it("carries no control byte nor a field separator of the agent's", () => {
    const out = desktopNotification('a\x07b\x1b]52;c;eA==\x07d;e\x7f', 'osc777');
    const inner = out.slice('\x1b]777;notify;botster-tui;'.length, -1);
    expect(inner).not.toMatch(/[\x00-\x1f\x7f;]/);
    expect(inner).toBe('a b ]52 c eA== d e ');
  });

  it('is at most 200 characters of the message', () => {
    expect(desktopNotification('x'.repeat(500), 'osc9')).toBe(`\x1b]9;${'x'.repeat(200)}\x07`);
  });
});
