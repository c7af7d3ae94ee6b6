import type { KeyEvent } from '../keys/key-event.js';
import { canonicalKey } from '../keys/key-spec.js';
import type { Binding } from '../keys/keymap.js';
import type { CommandInfo } from '../commands/registry.js';
import { searchCommands } from '../commands/search-commands.js';
import type { WidgetNode } from '../tree/types.js';
import { helpOverlay, paletteOverlay, type PaletteState } from './overlays.js';

export interface OverlayHost {
  mode(): string;
  bindings(mode: string): Binding[];
  commands(): CommandInfo[];
  runCommand(id: string): void;
  size(): { cols: number; rows: number };
  changed(): void;
}

/** The help overlay and the command palette: which is open, and the keys they take. */
export class OverlayController {
  private open: 'help' | 'palette' | null = null;
  private palette: PaletteState = { query: '', index: 0 };
  /** A chooser other than the command palette (e.g. the spawn dialog) while one is open. */
  private chooser: { title: string; items: CommandInfo[]; choose: (id: string) => void; prompt?: boolean } | null = null;

  constructor(private readonly host: OverlayHost) {}

  get current(): 'help' | 'palette' | null {
    return this.open;
  }

  toggleHelp(): void {
    this.open = this.open === 'help' ? null : 'help';
    this.host.changed();
  }

  openPalette(): void {
    this.open = 'palette';
    this.chooser = null;
    this.palette = { query: '', index: 0 };
    this.host.changed();
  }

  /** A palette over other items: typing filters, enter calls `choose` with the item's id. */
  openChooser(title: string, items: CommandInfo[], choose: (id: string) => void): void {
    this.open = 'palette';
    this.chooser = { title, items, choose };
    this.palette = { query: '', index: 0 };
    this.host.changed();
  }

  /** A one-line prompt (e.g. scrollback search): enter calls `submit` with what was typed. */
  openPrompt(title: string, submit: (text: string) => void): void {
    this.open = 'palette';
    this.chooser = { title, items: [], choose: submit, prompt: true };
    this.palette = { query: '', index: 0 };
    this.host.changed();
  }

  private matches(): CommandInfo[] {
    return searchCommands(this.chooser?.items ?? this.host.commands(), this.palette.query);
  }

  /** Returns true when the overlay took the key. */
  key(ev: KeyEvent): boolean {
    if (this.open === null) return false;
    const chord = ev.kind === 'key' ? canonicalKey(ev) : ev.kind;
    if (this.open === 'help') {
      if (chord !== 'escape' && chord !== '?' && chord !== 'q' && chord !== 'ctrl+g' && chord !== 'enter') return false; // other keys work as usual with the help open
      this.open = null;
      this.host.changed();
      return true;
    }
    // The palette owns the keyboard.
    const matches = this.matches();
    const p = this.palette;
    if (chord === 'escape' || chord === 'ctrl+g') {
      this.open = null;
      this.chooser = null;
    }
    else if (chord === 'enter') {
      this.open = null;
      const chosen = matches[p.index];
      const chooser = this.chooser;
      this.chooser = null;
      if (chooser?.prompt) chooser.choose(p.query);
      else if (chosen) {
        if (chooser) chooser.choose(chosen.id);
        else this.host.runCommand(chosen.id);
      }
    } else if (chord === 'up' || chord === 'ctrl+p' || chord === 'shift+tab') p.index = Math.max(0, p.index - 1);
    else if (chord === 'down' || chord === 'ctrl+n' || chord === 'tab') p.index = Math.min(Math.max(0, matches.length - 1), p.index + 1);
    else if (chord === 'backspace') this.palette = { query: p.query.slice(0, -1), index: 0 };
    else if (ev.kind === 'paste' && ev.text) this.palette = { query: p.query + ev.text.replace(/[\r\n]/g, ' '), index: 0 };
    else if (chord === 'space') this.palette = { query: p.query + ' ', index: 0 };
    else if (ev.kind === 'key' && !ev.ctrl && !ev.alt && [...ev.name].length === 1) this.palette = { query: p.query + ev.name, index: 0 };
    this.host.changed();
    return true;
  }

  node(): WidgetNode | null {
    const { cols, rows } = this.host.size();
    if (this.open === 'help') return helpOverlay(this.host.mode(), this.host.bindings(this.host.mode()), cols, rows);
    if (this.open === 'palette') return paletteOverlay(this.palette, this.matches(), cols, rows, this.chooser?.title);
    return null;
  }
}
