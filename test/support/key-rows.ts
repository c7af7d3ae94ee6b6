// One row per byte sequence a terminal sends. `standalone: false` marks rows whose meaning depends on
// what follows (a lone ESC, a cut-off sequence), so the structured fuzz does not glue them to others.
// `xterm: true` marks what xterm itself sends: encodeForPty must forward those bytes unchanged.

import type { KeyEvent } from '../../src/keys/key-event.js';
import { k } from './keys.js';

export interface Row {
  input: string;
  expect: Partial<KeyEvent>[];
  standalone?: boolean;
  xterm?: boolean;
  note?: string;
}

const E = '\x1b';

function mouse(button: string, action: string, x: number, y: number, mods = ''): Partial<KeyEvent> {
  return {
    kind: 'mouse',
    name: 'mouse',
    ctrl: mods.includes('ctrl'),
    alt: mods.includes('alt'),
    shift: mods.includes('shift'),
    mouse: { button, action, x, y } as KeyEvent['mouse'],
  };
}

function paste(text: string): Partial<KeyEvent> {
  return { kind: 'paste', name: 'paste', text };
}

const MOD_NAMES: Record<number, string> = {
  2: 'shift',
  3: 'alt',
  4: 'alt+shift',
  5: 'ctrl',
  6: 'ctrl+shift',
  7: 'ctrl+alt',
  8: 'ctrl+alt+shift',
};

const rows: Row[] = [
  // printable, incl. multi-byte UTF-8
  { input: 'a', expect: [k('a', '', { text: 'a' })], xterm: true },
  { input: 'A', expect: [k('A', 'shift', { text: 'A' })], xterm: true },
  { input: 'z', expect: [k('z')], xterm: true },
  { input: '1', expect: [k('1', '', { text: '1' })], xterm: true },
  { input: '!', expect: [k('!')], xterm: true },
  { input: '-', expect: [k('-')], xterm: true },
  { input: '+', expect: [k('+')], xterm: true },
  { input: '<', expect: [k('<')], xterm: true },
  { input: '>', expect: [k('>')], xterm: true },
  { input: '[', expect: [k('[')], xterm: true },
  { input: 'é', expect: [k('é', '', { text: 'é' })], xterm: true },
  { input: 'É', expect: [k('É', 'shift')], xterm: true },
  { input: '€', expect: [k('€', '', { text: '€' })], xterm: true },
  { input: '😀', expect: [k('😀', '', { text: '😀' })], xterm: true },
  { input: '日本', expect: [k('日'), k('本')], xterm: true },
  { input: 'abc', expect: [k('a'), k('b'), k('c')], xterm: true },
  { input: ' ', expect: [k('space', '', { text: ' ' })], xterm: true },
  // C0 controls
  { input: '\x01', expect: [k('a', 'ctrl')], xterm: true },
  { input: '\x02', expect: [k('b', 'ctrl')], xterm: true },
  { input: '\x03', expect: [k('c', 'ctrl')], xterm: true },
  { input: '\x1a', expect: [k('z', 'ctrl')], xterm: true },
  { input: '\x08', expect: [k('h', 'ctrl')], xterm: true },
  { input: '\x09', expect: [k('tab')], xterm: true },
  { input: '\x0d', expect: [k('enter')], xterm: true },
  { input: '\x0a', expect: [k('j', 'ctrl')], xterm: true },
  { input: '\x00', expect: [k('space', 'ctrl')], xterm: true },
  { input: '\x1c', expect: [k('\\', 'ctrl')], xterm: true },
  { input: '\x1d', expect: [k(']', 'ctrl')], xterm: true },
  { input: '\x1e', expect: [k('^', 'ctrl')], xterm: true },
  { input: '\x1f', expect: [k('_', 'ctrl')], xterm: true },
  { input: '\x7f', expect: [k('backspace')], xterm: true },
  { input: '\u0085', expect: [k('unknown')], note: 'C1 control' },
  // alt = ESC prefix
  { input: `${E}a`, expect: [k('a', 'alt')], xterm: true },
  { input: `${E}A`, expect: [k('A', 'alt+shift')], xterm: true },
  { input: `${E}1`, expect: [k('1', 'alt')], xterm: true },
  { input: `${E}\x01`, expect: [k('a', 'ctrl+alt')], xterm: true },
  { input: `${E}\x7f`, expect: [k('backspace', 'alt')], xterm: true },
  { input: `${E}\r`, expect: [k('enter', 'alt')], xterm: true },
  { input: `${E}\t`, expect: [k('tab', 'alt')], xterm: true },
  { input: `${E} `, expect: [k('space', 'alt')], xterm: true },
  { input: `${E}\x00`, expect: [k('space', 'ctrl+alt')], xterm: true },
  { input: `${E}€`, expect: [k('€', 'alt')], xterm: true },
  { input: `${E}😀`, expect: [k('😀', 'alt')], xterm: true },
  { input: E, expect: [k('escape')], standalone: false, xterm: true },
  { input: `${E}${E}`, expect: [k('escape', 'alt')], standalone: false, xterm: true },
  { input: `${E}[`, expect: [k('[', 'alt')], standalone: false, xterm: true },
  { input: `${E}O`, expect: [k('O', 'alt+shift')], standalone: false, xterm: true },
  // shift+tab
  { input: `${E}[Z`, expect: [k('tab', 'shift')], xterm: true },
  // arrows / home / end, CSI and SS3
  { input: `${E}[A`, expect: [k('up')], xterm: true },
  { input: `${E}[B`, expect: [k('down')], xterm: true },
  { input: `${E}[C`, expect: [k('right')], xterm: true },
  { input: `${E}[D`, expect: [k('left')], xterm: true },
  { input: `${E}[H`, expect: [k('home')], xterm: true },
  { input: `${E}[F`, expect: [k('end')], xterm: true },
  { input: `${E}OA`, expect: [k('up')] },
  { input: `${E}OB`, expect: [k('down')] },
  { input: `${E}OC`, expect: [k('right')] },
  { input: `${E}OD`, expect: [k('left')] },
  { input: `${E}OH`, expect: [k('home')] },
  { input: `${E}OF`, expect: [k('end')] },
  ...[2, 3, 4, 5, 6, 7, 8].map((m): Row => ({
    input: `${E}[1;${m}A`,
    expect: [k('up', MOD_NAMES[m])],
    xterm: true,
  })),
  ...[2, 5, 8].map((m): Row => ({ input: `${E}[1;${m}D`, expect: [k('left', MOD_NAMES[m])], xterm: true })),
  { input: `${E}[1;5C`, expect: [k('right', 'ctrl')], xterm: true },
  { input: `${E}[1;3B`, expect: [k('down', 'alt')], xterm: true },
  { input: `${E}[1;5H`, expect: [k('home', 'ctrl')], xterm: true },
  { input: `${E}[1;2F`, expect: [k('end', 'shift')], xterm: true },
  { input: `${E}O5A`, expect: [k('up', 'ctrl')], note: 'old xterm SS3 modifier' },
  { input: `${E}[1~`, expect: [k('home')] },
  { input: `${E}[4~`, expect: [k('end')] },
  { input: `${E}[7~`, expect: [k('home')] },
  { input: `${E}[8~`, expect: [k('end')] },
  // insert / delete / page keys
  { input: `${E}[2~`, expect: [k('insert')], xterm: true },
  { input: `${E}[3~`, expect: [k('delete')], xterm: true },
  { input: `${E}[5~`, expect: [k('pageup')], xterm: true },
  { input: `${E}[6~`, expect: [k('pagedown')], xterm: true },
  { input: `${E}[3;5~`, expect: [k('delete', 'ctrl')], xterm: true },
  { input: `${E}[2;3~`, expect: [k('insert', 'alt')], xterm: true },
  { input: `${E}[5;2~`, expect: [k('pageup', 'shift')], xterm: true },
  { input: `${E}[6;8~`, expect: [k('pagedown', 'ctrl+alt+shift')], xterm: true },
  // F1-F4
  { input: `${E}OP`, expect: [k('f1')], xterm: true },
  { input: `${E}OQ`, expect: [k('f2')], xterm: true },
  { input: `${E}OR`, expect: [k('f3')], xterm: true },
  { input: `${E}OS`, expect: [k('f4')], xterm: true },
  { input: `${E}[11~`, expect: [k('f1')] },
  { input: `${E}[12~`, expect: [k('f2')] },
  { input: `${E}[13~`, expect: [k('f3')] },
  { input: `${E}[14~`, expect: [k('f4')] },
  { input: `${E}[1;5P`, expect: [k('f1', 'ctrl')], xterm: true },
  { input: `${E}[1;2Q`, expect: [k('f2', 'shift')], xterm: true },
  { input: `${E}[1;3R`, expect: [k('f3', 'alt')], xterm: true },
  { input: `${E}[1;6S`, expect: [k('f4', 'ctrl+shift')], xterm: true },
  { input: `${E}O2P`, expect: [k('f1', 'shift')], note: 'konsole / old xterm' },
  { input: `${E}[P`, expect: [k('f1')], note: 'kitty' },
  // F5-F12
  { input: `${E}[15~`, expect: [k('f5')], xterm: true },
  { input: `${E}[17~`, expect: [k('f6')], xterm: true },
  { input: `${E}[18~`, expect: [k('f7')], xterm: true },
  { input: `${E}[19~`, expect: [k('f8')], xterm: true },
  { input: `${E}[20~`, expect: [k('f9')], xterm: true },
  { input: `${E}[21~`, expect: [k('f10')], xterm: true },
  { input: `${E}[23~`, expect: [k('f11')], xterm: true },
  { input: `${E}[24~`, expect: [k('f12')], xterm: true },
  { input: `${E}[15;5~`, expect: [k('f5', 'ctrl')], xterm: true },
  { input: `${E}[17;2~`, expect: [k('f6', 'shift')], xterm: true },
  { input: `${E}[24;7~`, expect: [k('f12', 'ctrl+alt')], xterm: true },
  // linux console
  { input: `${E}[[A`, expect: [k('f1')] },
  { input: `${E}[[B`, expect: [k('f2')] },
  { input: `${E}[[C`, expect: [k('f3')] },
  { input: `${E}[[D`, expect: [k('f4')] },
  { input: `${E}[[E`, expect: [k('f5')] },
  // rxvt
  { input: `${E}[a`, expect: [k('up', 'shift')] },
  { input: `${E}[d`, expect: [k('left', 'shift')] },
  { input: `${E}Oa`, expect: [k('up', 'ctrl')] },
  { input: `${E}Oc`, expect: [k('right', 'ctrl')] },
  { input: `${E}[2^`, expect: [k('insert', 'ctrl')] },
  { input: `${E}[3$`, expect: [k('delete', 'shift')] },
  { input: `${E}[5@`, expect: [k('pageup', 'ctrl+shift')] },
  { input: `${E}${E}[A`, expect: [k('up', 'alt')], note: 'alt+up as ESC + up' },
  { input: `${E}${E}OP`, expect: [k('f1', 'alt')] },
  // keypad in application mode
  { input: `${E}OM`, expect: [k('enter')] },
  { input: `${E}Op`, expect: [k('0', '', { text: '0' })] },
  { input: `${E}Ok`, expect: [k('+')] },
  // CSI u (kitty / fixterms)
  { input: `${E}[97;5u`, expect: [k('a', 'ctrl')] },
  { input: `${E}[97;6u`, expect: [k('a', 'ctrl+shift')] },
  { input: `${E}[97;2u`, expect: [k('A', 'shift', { text: 'A' })] },
  { input: `${E}[97;3u`, expect: [k('a', 'alt')] },
  { input: `${E}[97u`, expect: [k('a', '', { text: 'a' })] },
  { input: `${E}[49:33;2u`, expect: [k('!', '', { text: '!' })], note: 'kitty shifted-key report' },
  { input: `${E}[49;2u`, expect: [k('1', 'shift')] },
  { input: `${E}[13u`, expect: [k('enter')] },
  { input: `${E}[13;2u`, expect: [k('enter', 'shift')] },
  { input: `${E}[13;5u`, expect: [k('enter', 'ctrl')] },
  { input: `${E}[9;5u`, expect: [k('tab', 'ctrl')] },
  { input: `${E}[127;3u`, expect: [k('backspace', 'alt')] },
  { input: `${E}[127;5u`, expect: [k('backspace', 'ctrl')] },
  { input: `${E}[27u`, expect: [k('escape')] },
  { input: `${E}[32;5u`, expect: [k('space', 'ctrl')] },
  { input: `${E}[105;5u`, expect: [k('i', 'ctrl')] },
  { input: `${E}[57414u`, expect: [k('enter')], note: 'kitty keypad enter' },
  { input: `${E}[57399u`, expect: [k('0')], note: 'kitty keypad 0' },
  { input: `${E}[57441;2u`, expect: [k('unknown')], note: 'kitty left-shift key itself' },
  { input: `${E}[97;1:3u`, expect: [k('unknown')], note: 'kitty key release' },
  { input: `${E}[8364u`, expect: [k('€')] },
  // xterm modifyOtherKeys
  { input: `${E}[27;5;105~`, expect: [k('i', 'ctrl')] },
  { input: `${E}[27;2;13~`, expect: [k('enter', 'shift')] },
  { input: `${E}[27;5;13~`, expect: [k('enter', 'ctrl')] },
  { input: `${E}[27;6;65~`, expect: [k('a', 'ctrl+shift')] },
  { input: `${E}[27;5;49~`, expect: [k('1', 'ctrl')] },
  // SGR mouse (1-based on the wire)
  { input: `${E}[<0;10;5M`, expect: [mouse('left', 'press', 9, 4)] },
  { input: `${E}[<0;10;5m`, expect: [mouse('left', 'release', 9, 4)] },
  { input: `${E}[<1;1;1M`, expect: [mouse('middle', 'press', 0, 0)] },
  { input: `${E}[<2;300;200M`, expect: [mouse('right', 'press', 299, 199)] },
  { input: `${E}[<64;3;4M`, expect: [mouse('wheelup', 'wheel', 2, 3)] },
  { input: `${E}[<65;3;4M`, expect: [mouse('wheeldown', 'wheel', 2, 3)] },
  { input: `${E}[<32;5;6M`, expect: [mouse('left', 'move', 4, 5)] },
  { input: `${E}[<35;5;6M`, expect: [mouse('none', 'move', 4, 5)] },
  { input: `${E}[<4;1;1M`, expect: [mouse('left', 'press', 0, 0, 'shift')] },
  { input: `${E}[<8;1;1M`, expect: [mouse('left', 'press', 0, 0, 'alt')] },
  { input: `${E}[<16;1;1M`, expect: [mouse('left', 'press', 0, 0, 'ctrl')] },
  { input: `${E}[<80;2;2M`, expect: [mouse('wheelup', 'wheel', 1, 1, 'ctrl')] },
  // X10 mouse: ESC [ M then button+32, x+32, y+32
  { input: `${E}[M !"`, expect: [mouse('left', 'press', 0, 1)] },
  { input: `${E}[M#!!`, expect: [mouse('none', 'release', 0, 0)] },
  { input: `${E}[M\`*+`, expect: [mouse('wheelup', 'wheel', 9, 10)] },
  { input: `${E}[M"~~`, expect: [mouse('right', 'press', 93, 93)] },
  // urxvt 1015 mouse
  { input: `${E}[32;10;5M`, expect: [mouse('left', 'press', 9, 4)] },
  // focus
  { input: `${E}[I`, expect: [{ kind: 'focus', name: 'focusin' }] },
  { input: `${E}[O`, expect: [{ kind: 'focus', name: 'focusout' }] },
  // bracketed paste
  { input: `${E}[200~hello${E}[201~`, expect: [paste('hello')] },
  { input: `${E}[200~${E}[201~`, expect: [paste('')] },
  { input: `${E}[200~a${E}b${E}[Ac\r\nd${E}[201${E}[201~`, expect: [paste(`a${E}b${E}[Ac\r\nd${E}[201`)] },
  { input: `${E}[200~日本 😀${E}[201~x`, expect: [paste('日本 😀'), k('x')] },
  { input: `${E}[200~${E}[200~${E}[201~`, expect: [paste(`${E}[200~`)] },
  { input: `${E}[200~abc`, expect: [paste('abc')], standalone: false, note: 'unterminated, flushed' },
  // unknown / garbage: emitted raw, never swallowing what follows
  { input: `${E}[99X`, expect: [k('unknown')] },
  { input: `${E}[99Xa`, expect: [k('unknown'), k('a')] },
  { input: `${E}[?1;2c`, expect: [k('unknown')], note: 'DA reply' },
  { input: `${E}[12;40R`, expect: [k('unknown')], note: 'cursor position report' },
  { input: `${E}[201~`, expect: [k('unknown')], note: 'stray paste end' },
  { input: `${E}[1;5é`, expect: [k('unknown', '', { sequence: `${E}[1;5` }), k('é')] },
  { input: `${E}[1;5${E}[A`, expect: [k('unknown'), k('up')] },
  { input: `${E}Oz`, expect: [k('unknown')] },
  { input: `${E}[[Zq`, expect: [k('unknown', '', { sequence: `${E}[[` }), k('Z', 'shift'), k('q')] },
  { input: `${E}[<0;1M`, expect: [k('unknown')], note: 'SGR mouse with 2 params' },
  { input: `${E}[1;5`, expect: [k('unknown')], standalone: false, note: 'cut off, flushed' },
  { input: `${E}[M!`, expect: [k('unknown')], standalone: false, note: 'cut-off X10 mouse' },
  { input: `${E}[é`, expect: [k('[', 'alt'), k('é')] },
  {
    input: `${E}[${'1'.repeat(200)}A`,
    expect: [k('unknown'), ...Array.from({ length: 74 }, () => k('1')), k('A', 'shift')],
    note: 'too long',
  },
  // sequences glued together
  { input: `${E}[Aa${E}[B`, expect: [k('up'), k('a'), k('down')], xterm: true },
  { input: `x${E}[1;5Cy`, expect: [k('x'), k('right', 'ctrl'), k('y')], xterm: true },
];

export default rows;
