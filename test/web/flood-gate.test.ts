import { describe, expect, it } from 'vitest';
import {
  CALM_BYTES,
  CALM_LINES,
  FLOOD_BYTES,
  FLOOD_LINES,
  FLOOD_WINDOW_MS,
  FloodGate,
  lineFeeds,
} from '../../src/web/flood-gate.js';

// When a page stops getting an agent's every byte (a flood) and when it gets the stream again.

type Step =
  | [kind: 'pass', bytes: number, at: number, passes: boolean, lines?: number]
  | [kind: 'tick', says: 'view' | 'wait' | 'calm'];

const KB = 1024;
const cases: Array<{ what: string; steps: Step[] }> = [
  {
    what: 'typing and its echo pass, however many',
    steps: Array.from({ length: 50 }, (_, i): Step => ['pass', 3, i * 10, true]),
  },
  {
    what: 'a window up to the line passes; one byte past it is held',
    steps: [
      ['pass', FLOOD_BYTES - 1, 0, true],
      ['pass', 1, 10, true],
      ['pass', 1, 20, false],
    ],
  },
  {
    what: 'the line is per window: the same bytes spread over windows pass',
    steps: [
      ['pass', FLOOD_BYTES, 0, true],
      ['pass', FLOOD_BYTES, FLOOD_WINDOW_MS, true],
      ['pass', FLOOD_BYTES, 2 * FLOOD_WINDOW_MS, true],
    ],
  },
  {
    what: 'one huge chunk is held at once',
    steps: [['pass', 4 * FLOOD_BYTES, 0, false]],
  },
  {
    what: 'held, everything is held until a tick finds it calm',
    steps: [
      ['pass', FLOOD_BYTES + 1, 0, false],
      ['pass', 1, 5000, false],
      ['pass', 3, 5001, false],
    ],
  },
  {
    what: 'still flooding: a view each tick; then quiet: calm, and the stream passes again',
    steps: [
      ['pass', FLOOD_BYTES + 1, 0, false],
      ['pass', 200 * KB, 100, false],
      ['tick', 'view'],
      ['pass', 200 * KB, 300, false],
      ['tick', 'view'],
      ['tick', 'wait'],
      ['tick', 'calm'],
      ['pass', 10, 800, true],
    ],
  },
  {
    what: 'slowed well below the line (a trickle): calm',
    steps: [
      ['pass', FLOOD_BYTES + 1, 0, false],
      ['pass', CALM_BYTES - 1, 100, false],
      ['tick', 'wait'],
      ['tick', 'calm'],
      ['pass', 100, 300, true],
    ],
  },
  {
    what: 'the bytes that tripped the gate are not counted as the next period',
    steps: [
      ['pass', 10 * FLOOD_BYTES, 0, false],
      ['tick', 'wait'],
      ['tick', 'calm'],
    ],
  },
  {
    what: 'a new flood after a calm trips it again',
    steps: [
      ['pass', FLOOD_BYTES + 1, 0, false],
      ['tick', 'wait'],
      ['tick', 'calm'],
      ['pass', FLOOD_BYTES, 300, true],
      ['pass', FLOOD_BYTES, 310, false],
      ['pass', CALM_BYTES, 320, false],
      ['tick', 'view'],
    ],
  },
  {
    what: 'one quiet check is not the end: a flood the hub did not read for a moment goes on being one',
    steps: [
      ['pass', FLOOD_BYTES + 1, 0, false],
      ['tick', 'wait'],
      ['pass', 200 * KB, 300, false],
      ['tick', 'view'],
      ['tick', 'wait'],
      ['pass', CALM_BYTES, 700, false],
      ['tick', 'view'],
      ['tick', 'wait'],
      ['tick', 'calm'],
    ],
  },
  {
    what: 'many short lines make a flood long before their bytes do',
    steps: [
      ['pass', 2 * FLOOD_LINES, 0, true, FLOOD_LINES],
      ['pass', 2, 10, false, 1],
    ],
  },
  {
    what: 'a screen redrawn (cursor moves, few line feeds) passes up to the bytes line',
    steps: [['pass', FLOOD_BYTES, 0, true, 40]],
  },
  {
    what: 'held, short lines keep it held; fewer than CALM_LINES a period: calm',
    steps: [
      ['pass', FLOOD_BYTES, 0, false, FLOOD_LINES + 1],
      ['pass', CALM_LINES * 2, 100, false, CALM_LINES],
      ['tick', 'view'],
      ['pass', 10, 300, false, CALM_LINES - 1],
      ['tick', 'wait'],
      ['tick', 'calm'],
    ],
  },
];

describe('FloodGate', () => {
  it('counts line feeds', () => {
    expect(lineFeeds('')).toBe(0);
    expect(lineFeeds('a\r\nb\nc')).toBe(2);
    expect(lineFeeds('\n\n\n')).toBe(3);
    expect(lineFeeds('\n\n\n', 2)).toBe(2);
  });

  it("counts a chunk's lines only as far as it must", () => {
    const g = new FloodGate();
    const asked: number[] = [];
    const lines = (n: number) => (upTo: number) => (asked.push(upTo), Math.min(n, upTo));
    expect(g.pass(10, 0, lines(3))).toBe(true);
    expect(asked).toEqual([FLOOD_LINES + 1]);
    expect(g.pass(10, 10, lines(FLOOD_LINES))).toBe(false); // 403 lines: held
    expect(asked[1]).toBe(FLOOD_LINES - 2);
    // Held: counted until its bytes alone keep it held, then not at all.
    expect(g.pass(10, 20, lines(5))).toBe(false);
    expect(asked[2]).toBe(CALM_LINES);
    expect(g.pass(CALM_BYTES, 30, lines(5))).toBe(false);
    expect(g.pass(10, 40, lines(5))).toBe(false);
    expect(asked).toHaveLength(3);
    expect(g.tick()).toBe('view');
  });

  it.each(cases)('$what', ({ steps }) => {
    const g = new FloodGate();
    steps.forEach((s, i) => {
      if (s[0] === 'pass') expect(g.pass(s[1], s[2], s[4] ?? 0), `step ${i}`).toBe(s[3]);
      else expect(g.tick(), `step ${i}`).toBe(s[1]);
    });
  });
});
