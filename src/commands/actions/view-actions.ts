// What the hub's views do with the host's facts in hand: search, selection, review and compare.
import { compareJump, compareScroll, reviewJump, search, startSelection } from '../hub-scroll.js';
import type { Actions } from './action.js';

export const viewActions: Actions = {
  search: (ctx, r) => search(ctx, r.query),
  select_start: (ctx) => startSelection(ctx),
  review_jump: (ctx, r) => reviewJump(ctx, r.to),
  compare_scroll: (ctx, r) => compareScroll(ctx, r.lines, r.pages, r.selected),
  compare_jump: (ctx, r) => compareJump(ctx, r.to),
};
