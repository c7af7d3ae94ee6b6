import type { Terminal as XTerminal } from '@xterm/headless';

// What a terminal's modes are (the keys' encoding, the mouse's, which screen), read from xterm:
// its public modes and, defensively, what only its private core keeps (the cursor's visibility,
// the mouse encoding, the parser's state).

export interface TerminalModes {
  applicationCursorKeys: boolean;
  bracketedPaste: boolean;
  mouseTracking: 'none' | 'x10' | 'vt200' | 'drag' | 'any';
  mouseEncoding?: string;
  altScreen: boolean;
}

/** Private xterm state we read defensively (no public API exposes it). */
export interface XtermCore {
  coreService?: { isCursorHidden?: boolean };
  coreMouseService?: { activeEncoding?: string };
  _inputHandler?: { _parser?: { currentState?: number } };
}

/** xterm's private core, if this build has one where we look. */
export function coreOf(term: XTerminal): XtermCore | undefined {
  return (term as unknown as { _core?: XtermCore })._core;
}

/**
 * The two modes a key's bytes depend on, each read when asked (`term`: read then, the terminal may
 * be made after): a plain letter (most keys) reads neither, where `modesOf` builds xterm's whole mode object and ours on every key.
 */
export function keyModesOf(term: () => XTerminal): {
  readonly applicationCursorKeys: boolean;
  readonly bracketedPaste: boolean;
} {
  return {
    get applicationCursorKeys() {
      return term().modes.applicationCursorKeysMode;
    },
    get bracketedPaste() {
      return term().modes.bracketedPasteMode;
    },
  };
}

export function modesOf(term: XTerminal): TerminalModes {
  const m = term.modes;
  const enc = coreOf(term)?.coreMouseService?.activeEncoding;
  const modes: TerminalModes = {
    applicationCursorKeys: m.applicationCursorKeysMode,
    bracketedPaste: m.bracketedPasteMode,
    mouseTracking: m.mouseTrackingMode,
    altScreen: term.buffer.active.type === 'alternate',
  };
  if (typeof enc === 'string') modes.mouseEncoding = enc;
  return modes;
}
