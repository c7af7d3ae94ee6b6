import { realClock, type Clock, type ClockTimer } from '../clock/clock.js';
import type { KeyEvent } from '../keys/key-event.js';
import { canonicalKey } from '../keys/key-spec.js';
import { Keymap, type Binding, type KeyResult } from '../keys/keymap.js';
import type { KeysThrough } from '../keys/keys-through.js';
import { ESCAPE_CHORD, installEscapeChord, installWayOutInModes } from '../keys/default-bindings.js';
import {
  OVERLAY_RESERVED_REASON,
  OVERLAY_TABLES,
  OVERLAY_TABLE_NAMES,
  isOverlayTable,
  type OverlayTable,
} from '../keys/overlay-tables.js';
import type { ConfigExport, Configuration } from '../hub/configuration.js';

export interface InputHost {
  mode(): string;
  /** The mode before the current one (one-shot modes return there). */
  previousMode(): string;
  setMode(mode: string): void;
  /** The key table of what is open (a line selection, the help, a palette), or null. */
  overlayTable(): OverlayTable | null;
  /** The way out pressed while a table is active: close what is open. */
  closeOverlay(): void;
  /** A client's input typed into the focused agent at once when `keys` has each key of it as typed; false when it is not (or no agent takes it). */
  typeThrough(data: Buffer | string, keys: KeysThrough): boolean;
  /** Typing inside an open prompt: a printable key or a paste into the palette's query; false if it types nothing. */
  typeIntoPrompt(ev: KeyEvent): boolean;
  /** Forward an event to the focused agent. */
  passthrough(ev: KeyEvent): void;
  /** Run a binding's action (a command id or a Lua function). */
  run(binding: Binding): void;
  /** The input at hand is over: what it typed into an agent goes out now. */
  inputDone(): void;
  /** A mouse event (wheel, click, drag), in screen cells. */
  mouse(ev: KeyEvent): void;
  /** A key no binding took in a mode that does not pass keys through. */
  unhandled(chord: string): void;
  /** Bad bindings from the configuration, as `file:line: message`. */
  reportBindingError(message: string): void;
  /** The modes of the keymap a configuration brought (self.modes, `set_mode` checks them). */
  reportModes(modes: string[]): void;
}

const SEQUENCE_TIMEOUT_MS = 1000;

/**
 * Keys -> keymap (per mode, with prefix sequences) -> actions, or straight to the agent. While a
 * selection or an overlay is open, its key table (copy, help, palette) answers first.
 */
export class InputController {
  private keymap = this.freshKeymap(ESCAPE_CHORD);
  /** Counts keymaps loaded (what is derived from the bindings can be kept until it changes). */
  generation = 0;
  private timer: ClockTimer | null = null;
  /** The table or mode a pending sequence was typed in (its timeout settles it there). */
  private pendingIn: string | null = null;
  /** The live way out of insert mode (settings.way_out). */
  wayOut = ESCAPE_CHORD;

  constructor(
    private readonly host: InputHost,
    private readonly clock: Clock = realClock,
  ) {}

  get bindings(): Binding[] {
    return this.keymap.list();
  }

  bindingsFor(mode: string): Binding[] {
    return this.keymap.hasMode(mode) ? this.keymap.list(mode) : [];
  }

  /** The modes one can be in; the overlay tables are not among them (they follow what is open). */
  modes(): string[] {
    return this.keymap
      .modes()
      .map((m) => m.name)
      .filter((m) => !isOverlayTable(m));
  }

  /** Every key table (modes and overlay tables) with its description, in definition order. */
  tables(): Array<{ name: string; desc: string }> {
    return this.keymap.modes().map(({ name, desc }) => ({ name, desc }));
  }

  /** Whether keys unbound in `mode` go to the focused agent (insert, and modes made like it). */
  passesThrough(mode: string): boolean {
    return this.keymap.modes().some((m) => m.name === mode && m.passthrough);
  }

  hasMode(mode: string): boolean {
    return this.keymap.hasMode(mode) && !isOverlayTable(mode);
  }

  /** A configuration went live: its keymap replaces the last, and its modes are told. */
  configured(config: Configuration): void {
    this.load(config.keymap);
    this.host.reportModes(this.modes());
  }

  /** Replaces the whole keymap with a configuration's (after a successful load). */
  load(exp: ConfigExport): void {
    const wayOut = exp.settings?.way_out ?? ESCAPE_CHORD;
    const km = this.freshKeymap(wayOut);
    for (const [name, opts] of Object.entries(exp.modes)) {
      if (name === 'insert') continue;
      try {
        // An overlay table's behaviour is fixed: only its description comes from Lua.
        km.defineMode(name, isOverlayTable(name) ? { desc: opts.desc } : opts);
      } catch (err) {
        this.host.reportBindingError(`keys.mode: ${(err as Error).message}`);
      }
    }
    for (const b of exp.bindings) {
      try {
        km.bind({
          mode: b.mode,
          spec: b.spec,
          keys: b.keys,
          action: b.action,
          desc: b.desc,
          source: b.source,
        });
      } catch (err) {
        this.host.reportBindingError(`${b.source}: ${(err as Error).message}`);
      }
    }
    // Improvements remove others' bindings last (the policy reviewed it; the way out stays).
    for (const u of exp.unbinds ?? []) {
      try {
        km.unbind(u.mode, u.spec);
      } catch (err) {
        this.host.reportBindingError(`improvements/${u.owner}.lua: ${(err as Error).message}`);
      }
    }
    installWayOutInModes(km, wayOut);
    this.cancelPending();
    this.keymap = km;
    this.generation++;
    this.wayOut = wayOut;
  }

  feed(ev: KeyEvent): void {
    this.route(ev);
  }

  /**
   * A client's input, straight to the focused agent when the keymap would pass each key of it
   * through as typed (Keymap.keysThrough: a letter, Enter, ctrl+c, an arrow...) and nothing is
   * open or half-typed; false: feed it key by key.
   */
  typeThrough(data: Buffer | string): boolean {
    if (this.timer || this.host.overlayTable() !== null) return false;
    const keys = this.keymap.keysThrough(this.host.mode());
    return keys !== null && this.host.typeThrough(data, keys);
  }

  /** A client's input was fed key by key: what it typed into the focused agent is written now. */
  inputDone(): void {
    this.host.inputDone();
  }

  /** Settles a half-typed sequence now, as its timeout would (another client is about to type). */
  settle(): void {
    if (!this.timer) return;
    const where = this.pendingIn ?? this.host.mode();
    this.cancelPending();
    const r = this.keymap.timeout(where);
    if (r) this.handle(r, where);
  }

  dispose(): void {
    this.cancelPending();
  }

  /** One event to the open overlay's table, or to the current mode. */
  private route(ev: KeyEvent): void {
    const table = this.host.overlayTable();
    if (table && this.toTable(table, ev)) return;
    if (ev.kind === 'mouse') return this.host.mouse(ev);
    if (ev.kind === 'focus') return;
    this.toMode(ev);
  }

  private toMode(ev: KeyEvent): void {
    const mode = this.host.mode();
    this.cancelPending();
    this.handle(this.keymap.feed(mode, ev), mode);
  }

  /** Feeds an overlay's table; false = the key goes on to the current mode (the help lets keys work). */
  private toTable(table: OverlayTable, ev: KeyEvent): boolean {
    const unbound = OVERLAY_TABLES[table];
    // A sequence the mode started before the help opened finishes in the mode.
    if (unbound === 'mode' && this.pendingIn === this.host.mode()) return false;
    if (ev.kind === 'mouse' || ev.kind === 'focus') return unbound === 'type'; // a palette is modal
    if (ev.kind === 'paste')
      return unbound === 'type' ? (this.host.typeIntoPrompt(ev), true) : unbound === 'drop';
    if (canonicalKey(ev) === this.wayOut) {
      this.cancelPending();
      this.keymap.reset();
      this.host.closeOverlay(); // the way out closes whatever is open; no binding can take it
      return true;
    }
    this.cancelPending();
    const result = this.keymap.feed(table, ev);
    if (result.kind !== 'unhandled') return (this.handle(result, table), true);
    if (unbound === 'mode') return result.chord === canonicalKey(ev) ? false : true;
    if (unbound === 'type' && result.chord === canonicalKey(ev)) this.host.typeIntoPrompt(ev);
    return true;
  }

  private handle(result: KeyResult, where: string): void {
    const before = this.host.mode();
    switch (result.kind) {
      case 'action':
        this.host.run(result.binding);
        break;
      case 'pending':
        this.pendingIn = where;
        this.timer = this.clock.setTimeout(() => {
          this.timer = null;
          this.pendingIn = null;
          const r = this.keymap.timeout(where);
          if (r) this.handle(r, where);
        }, SEQUENCE_TIMEOUT_MS);
        break;
      case 'passthrough':
        for (const ev of result.events) this.host.passthrough(ev);
        break;
      case 'unhandled':
        this.host.unhandled(result.chord);
        break;
    }
    if (result.leaveMode && this.host.mode() === before) this.host.setMode(this.host.previousMode());
    // What is replayed meets whatever is open and current by then.
    for (const ev of result.replay ?? []) this.route(ev);
  }

  private cancelPending(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.pendingIn = null;
  }

  private freshKeymap(wayOut: string): Keymap {
    const km = new Keymap({ sequenceTimeoutMs: SEQUENCE_TIMEOUT_MS });
    installEscapeChord(km, wayOut);
    for (const name of OVERLAY_TABLE_NAMES) {
      km.defineMode(name);
      km.reserve(name, wayOut, OVERLAY_RESERVED_REASON);
    }
    return km;
  }
}

export { canonicalKey };
