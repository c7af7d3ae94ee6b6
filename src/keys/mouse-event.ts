import type { KeyEvent, MouseButton, MouseAction } from './key-event.js';

// A terminal's mouse report as an event: the button code of xterm's encodings (SGR, X10, urxvt)
// read into the button, what it did, the modifiers held, and 0-based cell coordinates.

/** Shared by SGR, X10 and urxvt encodings: b = button code, x/y 1-based. */
export function mouseEvent(b: number, x: number, y: number, released: boolean, seq: string): KeyEvent {
  const low = b & 3;
  let button: MouseButton;
  let action: MouseAction;
  if (b & 64) {
    action = 'wheel';
    button = low === 0 ? 'wheelup' : low === 1 ? 'wheeldown' : 'none'; // 66/67: horizontal wheel
  } else if (b & 128) {
    action = released ? 'release' : b & 32 ? 'move' : 'press';
    button = 'none'; // extra buttons 8-11
  } else {
    button = low === 0 ? 'left' : low === 1 ? 'middle' : low === 2 ? 'right' : 'none';
    if (b & 32) action = 'move';
    else if (released || low === 3)
      action = 'release'; // X10 reports every release as button 3
    else action = 'press';
  }
  return {
    kind: 'mouse',
    name: 'mouse',
    sequence: seq,
    shift: (b & 4) !== 0,
    alt: (b & 8) !== 0,
    ctrl: (b & 16) !== 0,
    mouse: { button, action, x: Math.max(0, x - 1), y: Math.max(0, y - 1) },
  };
}
