import type { WidgetNode } from '../tree/types.js';
import { appData } from '../hub/app-data.js';
import { readableState } from '../hub/readable-state.js';
import { Compositor } from '../ui/compositor.js';
import { withheldSource } from '../ui/paint/withheld-source.js';
import type { Screen } from '../ui/screen/screen.js';
import { withoutColors } from '../ui/paint/no-color.js';
import { treeToShow } from './fallback-tree.js';
import { withOverlay } from './overlays.js';
import { overlayNode } from './overlay-view.js';
import { terminalSources } from './terminal-view.js';
import { DIFF_PREFIX, diffAgentOf, diffSource } from './diff-view.js';
import type { FrameDeps } from './ports.js';

// The served client's frame as a caller that may not read some agents sees it (an agent's
// `snapshot --live`): not the frame on the user's screen with parts painted over, but a frame of
// its own, drawn the whole way (Lua's App:render, the overlay, the message line, layout, paint)
// from the state without what those agents' screens say (hub/readable-state.ts). Whatever a layout,
// an overlay or a notice shows is drawn from that state, so nothing added to them later can show
// more; their panels (terminals, review diffs) are blank and say why.

/** The frame for a caller that reads only the agents `reads` accepts; null when it reads them all. */
export async function readerScreen(
  deps: Pick<FrameDeps, 'store' | 'agents' | 'keymap' | 'lua' | 'renderer' | 'reviews' | 'noColor'>,
  key: string,
  reads: (agent: string) => boolean,
): Promise<Screen | null> {
  const s = readableState(deps.store.state, reads);
  if (s === deps.store.state) return null;
  const view = s.client;
  let tree: WidgetNode | null = null;
  try {
    tree = await deps.lua.render(appData(s, view));
  } catch {
    // (Never the user's last good tree: it was drawn from all of the state. A bare frame says why.)
    tree = null;
  }
  const shown = withOverlay(
    treeToShow(
      tree ? s : { ...s, renderError: s.renderError ?? 'the layout did not render' },
      tree,
      view.focus,
    ),
    overlayNode(deps.keymap, view),
  );
  const { renderer } = deps;
  renderer.resize(view.cols, view.rows);
  const list = renderer.render(shown);
  const sources = terminalSources(deps.agents, deps.store);
  const painted = deps.noColor(key || undefined) ? withoutColors(list) : list;
  const compositor = new Compositor(view.cols, view.rows, (id, slot) => {
    if (!reads(diffAgentOf(id) ?? id)) {
      const rect = painted.slots.find((p) => p.slot === slot)?.rect;
      return rect && withheldSource(rect.w, rect.h);
    }
    return slot?.diff || id.startsWith(DIFF_PREFIX)
      ? diffSource(deps.reviews, id, slot?.diff, view, slot?.top)
      : sources(id, view.selection);
  });
  compositor.setDisplayList(painted);
  return compositor.compose();
}
