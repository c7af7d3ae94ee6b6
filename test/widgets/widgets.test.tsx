import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Frame } from '../../src/ui/TreeView.js';
import { FrameRenderer } from '../../src/ui/frame-renderer.js';
import { Screen } from '../../src/ui/screen/screen.js';
import { RAW_WIDGETS, widget } from '../support/ui-fixtures.js';

const W = 60;
const H = 12;

/** Our painter's text for a tree (terminal slots stay blank). */
function paint(name: string, width = W, height = H): Screen {
  const r = new FrameRenderer(width, height);
  const list = r.render(widget(name));
  const screen = new Screen(width, height);
  list.replay(screen, () => {});
  r.dispose();
  return screen;
}

/** Ink's own output for the same tree, through ink-testing-library. */
function inkFrame(name: string, width = W, height = H): string {
  const { lastFrame, unmount } = render(<Frame node={widget(name)} width={width} height={height} />);
  const frame = lastFrame() ?? '';
  unmount();
  // ink-testing-library keeps colours only if chalk has them; compare plain text.
  return frame
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
}

describe('widgets', () => {
  for (const name of Object.keys(RAW_WIDGETS)) {
    it(`${name}: our painter draws what Ink draws, and matches the golden frame`, () => {
      const ours = paint(name).toText();
      // Ink has no max_width/max_height; we apply them to yoga ourselves, so Ink differs there.
      if (name !== 'min_max') expect(ours).toBe(inkFrame(name));
      expect(ours).toMatchSnapshot();
    });
  }

  it('keeps styles: colours, bold, 256 and truecolor', () => {
    const ansi = paint('text_spans').toAnsi();
    expect(ansi).toContain('\x1b[0;31mred');
    expect(ansi).toMatch(/\x1b\[0;1mbold/);
    expect(ansi).toContain('38;5;202');
    expect(ansi).toContain('38;2;255;136;0');
    expect(ansi).toContain('48;5;4'.replace('48;5;4', '44'));
  });

  it('fills a box background and styles its text', () => {
    const s = paint('colors');
    const i = 0; // first cell of the first row
    expect(s.bg[i]).toBe(4);
    expect(s.chars.slice(0, 7).join('')).toBe('on blue');
    expect(s.fg[0]).toBe(11);
  });

  it('draws an overlay over what is behind it', () => {
    const text = paint('overlay').toText();
    expect(text).toContain('Help');
    expect(text).toContain('modal body');
    expect(text.split('\n')[0]).toContain('background text');
  });
});
