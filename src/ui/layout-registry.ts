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
}

export const LayoutContext = createContext<LayoutRegistry | null>(null);

/** A ref that records `value` for the element in `table` while it is mounted. */
export function useRegisteredRef<T>(
  table: 'slots' | 'limits' | 'targets',
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
