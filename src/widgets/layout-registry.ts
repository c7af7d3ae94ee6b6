import { createContext, useContext, type Ref } from 'react';
import type { DOMElement } from 'ink';

/** Where a terminal panel goes: painted from the agent's headless screen, not by Ink. */
export interface SlotInfo {
  /** The agent whose screen it shows, or `diff:<agent>` for a review panel (ui.diff). */
  agent: string;
  scroll: number;
  cursor: boolean;
  /** A review panel: which changes it shows. */
  diff?: 'all' | 'uncommitted';
  /** A review panel: the document line at its top (absent: the open review panel's scroll). */
  top?: number;
}

export interface SizeLimits {
  maxWidth?: number | string;
  maxHeight?: number | string;
}

/** Side tables the frame renderer reads after layout (terminal slots, yoga-only size limits). */
export class LayoutRegistry {
  readonly slots = new Map<DOMElement, SlotInfo>();
  readonly limits = new Map<DOMElement, SizeLimits>();
  /** Boxes a click focuses an agent through (agent list rows). */
  readonly targets = new Map<DOMElement, { agent: string }>();
  /** Content painted this many lines up (a list scrolled to keep its selection in view). */
  readonly scrolls = new Map<DOMElement, number>();
  /** Lists that window themselves, by React id: their box, and the lines it had when they drew. */
  readonly lists = new Map<string, ListSpace>();

  /** A list's space, remembered from frame to frame (nothing measured yet: every line fits). */
  listSpace(id: string): ListSpace {
    let space = this.lists.get(id);
    if (!space) this.lists.set(id, (space = { box: null, lines: Infinity, cols: 0, offset: 0 }));
    return space;
  }

  /**
   * Reads each list's box after layout: true when one has another size than the list drew
   * for (it draws again, once: its box's height does not depend on what it shows).
   */
  measureLists(inside: (box: DOMElement) => { lines: number; cols: number } | null): boolean {
    let changed = false;
    for (const [id, space] of this.lists) {
      if (!space.box) {
        this.lists.delete(id);
        continue;
      }
      const size = inside(space.box);
      if (size && (size.lines !== space.lines || size.cols !== space.cols)) {
        Object.assign(space, size);
        changed = true;
      }
    }
    return changed;
  }
}

export interface ListSpace {
  box: DOMElement | null;
  /** The lines its box has (Infinity until measured). */
  lines: number;
  /** Its width (a note at a cut end covers the row under it). */
  cols: number;
  /** The first line shown, kept while the selection stays in view. */
  offset: number;
}

export const LayoutContext = createContext<LayoutRegistry | null>(null);
/** Changes when a list's box was measured anew, so that lists draw again though their node did not change. */
export const ListSpaceContext = createContext(0);

/** A ref that records `value` for the element in `table` while it is mounted. */
export function useRegisteredRef<T>(
  table: 'slots' | 'limits' | 'targets' | 'scrolls',
  value: T | undefined,
): Ref<DOMElement> | undefined {
  const registry = useContext(LayoutContext);
  if (!registry || value === undefined) return undefined;
  const map = registry[table] as unknown as Map<DOMElement, T>;
  return (el: DOMElement | null) => {
    if (!el) return;
    map.set(el, value);
    return () => {
      map.delete(el);
    };
  };
}
