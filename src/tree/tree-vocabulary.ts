// The words every widget may use: its box props, colour names and enumerations (each widget's own
// props are in its file under src/widgets/).
import type { BorderKind, WrapMode } from './types.js';

export const COLOR_NAMES = new Set([
  'black',
  'red',
  'green',
  'yellow',
  'blue',
  'magenta',
  'cyan',
  'white',
  'gray',
  'grey',
  'bright_black',
  'bright_red',
  'bright_green',
  'bright_yellow',
  'bright_blue',
  'bright_magenta',
  'bright_cyan',
  'bright_white',
  'default',
]);
export const BORDERS = new Set<BorderKind>(['single', 'rounded', 'double', 'bold', 'classic', 'none']);
export const WRAPS = new Set<WrapMode>([
  'wrap',
  'truncate',
  'truncate-start',
  'truncate-middle',
  'truncate-end',
]);
export const ALIGNS = new Set(['start', 'center', 'end', 'stretch']);
export const JUSTIFIES = new Set([
  'start',
  'center',
  'end',
  'space-between',
  'space-around',
  'space-evenly',
  'space_between',
  'space_around',
  'space_evenly',
]);

export const STYLE_KEYS = ['fg', 'bg', 'bold', 'dim', 'italic', 'underline', 'reverse', 'strikethrough'];
export const BOX_KEYS = [
  'width',
  'height',
  'grow',
  'shrink',
  'min_width',
  'max_width',
  'min_height',
  'max_height',
  'padding',
  'padding_x',
  'padding_y',
  'margin',
  'margin_x',
  'margin_y',
  'gap',
  'align',
  'justify',
  'border',
  'border_fg',
  'title',
  'title_style',
  'visible',
  'id',
  ...STYLE_KEYS,
];
