import type { WidgetNode } from '../tree/types.js';
import { FrameRenderer } from '../ui/frame-renderer.js';
import { Compositor } from '../ui/compositor.js';

/** A widget tree drawn as plain text at a size, with no agents behind its terminal panels (`check --render`). */
export function treeText(tree: WidgetNode, cols: number, rows: number): string {
  const renderer = new FrameRenderer(cols, rows);
  try {
    const compositor = new Compositor(cols, rows, () => undefined);
    compositor.setDisplayList(renderer.render(tree));
    return compositor.compose().toText();
  } finally {
    renderer.dispose();
  }
}
