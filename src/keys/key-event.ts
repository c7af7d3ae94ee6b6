// One decoded unit of terminal input. Plain data so it can cross module (and Lua) boundaries.

export type MouseButton = 'left' | 'middle' | 'right' | 'wheelup' | 'wheeldown' | 'none';
export type MouseAction = 'press' | 'release' | 'move' | 'wheel';

export interface MouseInfo {
  button: MouseButton;
  action: MouseAction;
  /** 0-based cell column. */
  x: number;
  /** 0-based cell row. */
  y: number;
}

export interface KeyEvent {
  kind: 'key' | 'paste' | 'mouse' | 'focus';
  /**
   * 'a', 'A', '€', '😀', 'enter', 'tab', 'backspace', 'escape', 'space', 'up', 'down', 'left',
   * 'right', 'home', 'end', 'pageup', 'pagedown', 'insert', 'delete', 'f1'..'f12';
   * 'paste'; 'mouse'; 'focusin' / 'focusout'; 'unknown' for sequences we do not understand.
   */
  name: string;
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  /** The exact input of this event (UTF-8 decoded), so passthrough can forward it unchanged. */
  sequence: string;
  /** Paste content (without markers), or the text a printable key types. */
  text?: string;
  mouse?: MouseInfo;
}

export interface Mods {
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
}

export const NO_MODS: Mods = Object.freeze({ ctrl: false, alt: false, shift: false });
