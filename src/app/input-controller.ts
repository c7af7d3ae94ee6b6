import type { KeyEvent } from '../keys/key-event.js';
import { canonicalKey } from '../keys/key-spec.js';
import { Keymap, type Binding, type KeyResult } from '../keys/keymap.js';
import { ESCAPE_CHORD, installEscapeChord, installSendWayOut } from '../keys/default-bindings.js';
import type { ConfigExport } from '../lua/runtime/config-file.js';

export interface InputHost {
  mode(): string;
  /** The mode before the current one (one-shot modes return there). */
  previousMode(): string;
  setMode(mode: string): void;
  /** Forward an event to the focused agent. */
  passthrough(ev: KeyEvent): void;
  /** Run a binding's action (a command id or a Lua function). */
  run(binding: Binding): void;
  /** The palette owns the keyboard while it is open; returns true if it took the key. */
  overlayKey(ev: KeyEvent): boolean;
  /** A mouse event (wheel, click, drag), in screen cells. */
  mouse(ev: KeyEvent): void;
  /** A key no binding took in a mode that does not pass keys through. */
  unhandled(chord: string): void;
  /** Bad bindings from the configuration, as `file:line: message`. */
  reportBindingError(message: string): void;
}

const SEQUENCE_TIMEOUT_MS = 1000;

/** Keys -> keymap (per mode, with prefix sequences) -> actions, or straight to the agent. */
export class InputController {
  private keymap = this.freshKeymap(ESCAPE_CHORD);
  /** Counts keymaps loaded (what is derived from the bindings can be kept until it changes). */
  generation = 0;
  private timer: NodeJS.Timeout | null = null;
  /** The live way out of insert mode (settings.way_out). */
  wayOut = ESCAPE_CHORD;

  constructor(private readonly host: InputHost) {}

  get bindings(): Binding[] {
    return this.keymap.list();
  }

  bindingsFor(mode: string): Binding[] {
    return this.keymap.list(mode);
  }

  modes(): string[] {
    return this.keymap.modes().map((m) => m.name);
  }

  hasMode(mode: string): boolean {
    return this.keymap.hasMode(mode);
  }

  /** Replaces the whole keymap with a configuration's (after a successful load). */
  load(exp: ConfigExport): void {
    const wayOut = exp.settings?.way_out ?? ESCAPE_CHORD;
    const km = this.freshKeymap(wayOut);
    for (const [name, opts] of Object.entries(exp.modes)) {
      if (name !== 'insert') km.defineMode(name, opts);
    }
    for (const b of exp.bindings) {
      try {
        km.bind({ mode: b.mode, spec: b.spec, keys: b.keys, action: b.action, desc: b.desc, source: b.source });
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
    installSendWayOut(km, wayOut);
    this.cancelPending();
    this.keymap = km;
    this.generation++;
    this.wayOut = wayOut;
  }

  feed(ev: KeyEvent): void {
    if (this.host.overlayKey(ev)) return;
    if (ev.kind === 'mouse') return this.host.mouse(ev);
    if (ev.kind === 'focus') return;
    this.cancelPending();
    this.handle(this.keymap.feed(this.host.mode(), ev));
  }

  dispose(): void {
    this.cancelPending();
  }

  private handle(result: KeyResult): void {
    const before = this.host.mode();
    switch (result.kind) {
      case 'action':
        this.host.run(result.binding);
        break;
      case 'pending':
        this.timer = setTimeout(() => {
          this.timer = null;
          const r = this.keymap.timeout(this.host.mode());
          if (r) this.handle(r);
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
    for (const ev of result.replay ?? []) this.handle(this.keymap.feed(this.host.mode(), ev));
  }

  private cancelPending(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private freshKeymap(wayOut: string): Keymap {
    const km = new Keymap({ sequenceTimeoutMs: SEQUENCE_TIMEOUT_MS });
    installEscapeChord(km, wayOut);
    return km;
  }
}

export { canonicalKey };
