// Which lines of a list taller than its box show: the selected entry always, the window moved no
// more than it must (it stays put while the selection moves inside it), and a line at each cut end
// saying how many entries it hides there.

export interface ListWindow {
  /** The first line shown (the lines above it are scrolled away). */
  offset: number;
  /** Entries hidden (wholly or in part) above the window, under the top line that says so. */
  above: number;
  /** Entries hidden (wholly or in part) below the window, under the bottom line that says so. */
  below: number;
}

/**
 * The window over entries of these heights (in lines) in a box `space` lines high, keeping entry
 * `selected` (-1: none) in view, starting from last frame's `previous` offset.
 */
export function listWindow(heights: number[], selected: number, space: number, previous = 0): ListWindow {
  const total = heights.reduce((a, b) => a + b, 0);
  if (!(space < total) || space < 3) return { offset: 0, above: 0, below: 0 };
  const starts: number[] = [];
  let at = 0;
  for (const h of heights) {
    starts.push(at);
    at += h;
  }
  const max = total - space;
  let offset = Math.max(0, Math.min(previous, max));
  // The lines the cut ends' notes cover, at this offset.
  const top = (o: number) => (o > 0 ? 1 : 0);
  const bottom = (o: number) => (o < max ? 1 : 0);
  if (selected >= 0 && selected < heights.length) {
    const s = starts[selected];
    const e = s + heights[selected];
    if (s < offset + top(offset)) offset = s <= 1 ? 0 : s - 1;
    if (e > offset + space - bottom(offset)) offset = Math.min(max, e - space + 1);
    if (offset === max && e > total) offset = max;
  }
  const firstShown = offset + top(offset);
  const lastShown = offset + space - bottom(offset); // exclusive
  let above = 0;
  let below = 0;
  heights.forEach((h, i) => {
    if (starts[i] < firstShown) above++;
    else if (starts[i] + h > lastShown) below++;
  });
  return { offset, above, below };
}
