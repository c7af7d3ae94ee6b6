// The one-line hints of the overlay tables, from the live bindings: a user who rebinds copy.down
// sees their key in the hint, not the shipped one.
import type { Binding } from './keymap.js';
import { formatKeyForDisplay } from './key-spec.js';

/** The keys (as shown) that run a command, in binding order. */
export function keysFor(bindings: Binding[], id: string): string[] {
  return bindings
    .filter((b) => b.action.kind === 'command' && b.action.id === id)
    .map((b) => formatKeyForDisplay(b.spec));
}

/** "j/k move, v marks the start, y copies, Esc cancels": the first key of each copy command. */
export function copyHint(copy: Binding[], wayOut: string): string {
  const first = (id: string) => keysFor(copy, id)[0];
  const move = [first('copy.down'), first('copy.up')].filter(Boolean).join('/');
  const parts = [
    move && `${move} move`,
    first('copy.mark') && `${first('copy.mark')} marks the start`,
    first('copy.yank') && `${first('copy.yank')} copies`,
    `${first('copy.cancel') ?? formatKeyForDisplay(wayOut)} cancels`,
  ];
  return `select: ${parts.filter(Boolean).join(', ')}`;
}

/** The help overlay's footer keys: how to scroll (null: nothing bound) and how to close it. */
export function helpKeys(help: Binding[], wayOut: string): { scroll: string | null; close: string } {
  const scroll = [keysFor(help, 'help.down')[0], keysFor(help, 'help.up')[0]].filter(Boolean).join('/');
  const close = keysFor(help, 'help.close').slice(0, 2);
  return {
    scroll: scroll || null,
    close: (close.length ? close : [formatKeyForDisplay(wayOut)]).join(' or '),
  };
}
