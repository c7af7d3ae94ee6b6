// The keymap: modes (key tables), bindings of key sequences to actions, and the state machine that
// turns key events into "run this", "wait for more", "send to the agent" or "not bound".
// It knows neither what commands do nor what time it is: the caller arms the sequence timer on a
// 'pending' result and calls timeout() when it fires.
//
// Resolution rules (vim/tmux-like):
// - A sequence that is a prefix of a longer binding is pending, even when it is itself bound; the
//   next key or the timeout decides (the timeout runs the shorter binding).
// - When a key does not continue the pending sequence, the longest bound prefix of the pending keys
//   runs and the rest is replayed. With none bound, a passthrough mode sends the pending keys to the
//   agent (so the user's typing is never lost) and replays the breaking key; a normal-like mode
//   reports the whole sequence as unhandled and drops it (a reserved chord is never dropped).
// - Pastes pass through in passthrough modes; mouse and focus events are not the keymap's business
//   and pass through without touching a pending sequence.
// - A reserved chord (ctrl+g in insert) cannot appear in any binding made after reserve(), cannot
//   be unbound, and since no sequence can continue with it, it always breaks a pending sequence.

import type { KeyEvent } from './key-event.js';
import { canonicalKey, parseKeySpec } from './key-spec.js';
import { KeysThrough } from './keys-through.js';
import {
  KeymapError,
  type Binding,
  type KeyAction,
  type KeyResult,
  type ModeInfo,
  type ModeOptions,
} from './keymap-types.js';

export * from './keymap-types.js';

const MODE_NAME = /^[a-z][a-z0-9_]*$/;
const BUILTIN_MODES = ['insert', 'normal'];

interface Mode extends ModeInfo {
  /** Keyed by the chords joined with ' ' (a canonical chord never contains a space). */
  bindings: Map<string, Binding>;
  /** Joined proper prefix -> number of bindings that extend it. */
  prefixes: Map<string, number>;
  /** Chord -> why. */
  reserved: Map<string, string>;
}

export type BindInput = Omit<Binding, 'keys'> & { keys?: string[] };

export class Keymap {
  readonly sequenceTimeoutMs: number;
  private readonly modeTable = new Map<string, Mode>();
  private pendingMode: string | null = null;
  private pendingEvents: KeyEvent[] = [];
  private pendingChords: string[] = [];
  /** Counts changes to the modes and bindings (what is derived from them is kept until it moves). */
  private changes = 0;
  private through = new Map<string, { at: number; keys: KeysThrough | null }>();

  constructor(opts: { sequenceTimeoutMs?: number } = {}) {
    const t = opts.sequenceTimeoutMs ?? 1000;
    if (!Number.isFinite(t) || t <= 0)
      throw new KeymapError(`sequenceTimeoutMs must be a positive number, got ${t}`);
    this.sequenceTimeoutMs = t;
    this.defineMode('insert', { passthrough: true, desc: 'Keys go to the focused agent' });
    this.defineMode('normal', { desc: 'Keys drive the hub' });
  }

  /** Add a mode, or update the options of one (insert and normal keep their passthrough and stickiness). */
  defineMode(name: string, opts: ModeOptions = {}): void {
    if (typeof name !== 'string' || !MODE_NAME.test(name)) {
      throw new KeymapError(`bad mode name ${JSON.stringify(name)}: use lower-case letters, digits and _`);
    }
    if (opts === null || typeof opts !== 'object')
      throw new KeymapError(`mode "${name}": options must be a table`);
    for (const key of ['passthrough', 'sticky'] as const) {
      if (opts[key] !== undefined && typeof opts[key] !== 'boolean') {
        throw new KeymapError(`mode "${name}": ${key} must be true or false`);
      }
    }
    if (opts.desc !== undefined && typeof opts.desc !== 'string')
      throw new KeymapError(`mode "${name}": desc must be a string`);
    const existing = this.modeTable.get(name);
    this.changes++;
    if (existing) {
      if (
        BUILTIN_MODES.includes(name) &&
        ((opts.passthrough !== undefined && opts.passthrough !== existing.passthrough) ||
          (opts.sticky !== undefined && opts.sticky !== existing.sticky))
      ) {
        throw new KeymapError(`mode "${name}" is built in: only its desc can change`);
      }
      existing.passthrough = opts.passthrough ?? existing.passthrough;
      existing.sticky = opts.sticky ?? existing.sticky;
      existing.desc = opts.desc ?? existing.desc;
      return;
    }
    this.modeTable.set(name, {
      name,
      passthrough: opts.passthrough ?? false,
      sticky: opts.sticky ?? true,
      desc: opts.desc ?? '',
      bindings: new Map(),
      prefixes: new Map(),
      reserved: new Map(),
    });
  }

  hasMode(name: string): boolean {
    return this.modeTable.has(name);
  }

  /** In definition order (insert, normal, then user modes). */
  modes(): ModeInfo[] {
    return [...this.modeTable.values()].map(({ name, passthrough, sticky, desc }) => ({
      name,
      passthrough,
      sticky,
      desc,
    }));
  }

  /**
   * Bind a key sequence. The spec is parsed unless canonical keys are given. A later bind of the same
   * mode and keys replaces the earlier one (keeping its place in list()). Throws KeySpecError or
   * KeymapError.
   */
  bind(input: BindInput): void {
    if (input === null || typeof input !== 'object') throw new KeymapError('binding must be a table');
    const mode = this.mode(input.mode);
    const keys = input.keys !== undefined ? checkCanonical(input.keys) : parseKeySpec(input.spec);
    const spec = typeof input.spec === 'string' && input.spec.trim() !== '' ? input.spec : keys.join(' ');
    const action = checkAction(input.action, spec);
    const desc = input.desc ?? '';
    if (typeof desc !== 'string') throw new KeymapError(`"${spec}": desc must be a string`);
    if (typeof input.source !== 'string') throw new KeymapError(`"${spec}": source must be a string`);
    for (const k of keys) this.checkNotReserved(mode, k);

    const joined = keys.join(' ');
    this.changes++;
    if (!mode.bindings.has(joined)) this.countPrefixes(mode, keys, 1);
    mode.bindings.set(
      joined,
      Object.freeze({
        mode: mode.name,
        keys: Object.freeze([...keys]) as string[],
        spec,
        action,
        desc,
        source: input.source,
      }),
    );
  }

  /** Remove a binding; false if there was none. Throws on a bad spec or mode, or a reserved chord. */
  unbind(modeName: string, spec: string): boolean {
    const mode = this.mode(modeName);
    const keys = parseKeySpec(spec);
    for (const k of keys) this.checkNotReserved(mode, k);
    return this.remove(mode, keys.join(' '));
  }

  /**
   * Remove every binding a file made (before re-evaluating it on reload); returns how many. Sources
   * compare by file ("user/keys.lua" matches "user/keys.lua:12"). A reserved chord's binding stays.
   */
  unbindSource(source: string): number {
    const file = sourceFile(source);
    let n = 0;
    for (const mode of this.modeTable.values()) {
      for (const [joined, b] of [...mode.bindings]) {
        if (
          sourceFile(b.source) === file &&
          !b.keys.some((k) => mode.reserved.has(k)) &&
          this.remove(mode, joined)
        )
          n++;
      }
    }
    return n;
  }

  /** For the help overlay, keys.list() and the table of docs/keys.md: modes in definition order, bindings in first-bind order. */
  list(modeName?: string): Binding[] {
    const modes = modeName === undefined ? [...this.modeTable.values()] : [this.mode(modeName)];
    return modes.flatMap((m) => [...m.bindings.values()]);
  }

  /** The binding for exactly this spec in this mode, if any. */
  lookup(modeName: string, spec: string): Binding | undefined {
    return this.mode(modeName).bindings.get(parseKeySpec(spec).join(' '));
  }

  /**
   * Make a chord untakeable in a mode: later bind()s that use it and unbind()s of it throw. A binding
   * of exactly that chord made before (the hub's own) stays and is locked. Throws if another
   * binding already uses the chord.
   */
  reserve(modeName: string, chord: string, reason: string): void {
    const mode = this.mode(modeName);
    const keys = parseKeySpec(chord);
    if (keys.length !== 1) throw new KeymapError(`can only reserve a single chord, not "${chord}"`);
    const [c] = keys;
    for (const b of mode.bindings.values()) {
      if (b.keys.includes(c) && b.keys.length > 1) {
        throw new KeymapError(`cannot reserve ${c} in ${mode.name}: "${b.spec}" (${b.source}) uses it`);
      }
    }
    mode.reserved.set(c, String(reason));
  }

  reservations(): Array<{ mode: string; chord: string; reason: string }> {
    return [...this.modeTable.values()].flatMap((m) =>
      [...m.reserved].map(([chord, reason]) => ({ mode: m.name, chord, reason })),
    );
  }

  isReserved(modeName: string, chord: string): boolean {
    return this.modeTable.get(modeName)?.reserved.has(chord) ?? false;
  }

  /** The chords of the pending sequence (empty when none). */
  get pending(): string[] {
    return [...this.pendingChords];
  }

  reset(): void {
    this.pendingMode = null;
    this.pendingEvents = [];
    this.pendingChords = [];
  }

  /**
   * The keys typed in this mode that go to the agent exactly as typed, key by key as feed() would
   * send them (see KeysThrough): in a sticky passthrough mode, those no binding takes and no
   * sequence begins with, while no sequence is pending; null in any other mode. Then such typing
   * may skip the parser and the keymap (src/input/hub-clients.ts). Worked out once per keymap.
   */
  keysThrough(modeName: string): KeysThrough | null {
    if (this.pendingChords.length > 0) return null;
    const known = this.through.get(modeName);
    if (known && known.at === this.changes) return known.keys;
    const mode = this.modeTable.get(modeName);
    const keys =
      mode && mode.passthrough && mode.sticky
        ? new KeysThrough((c) => !mode.bindings.has(c) && !mode.prefixes.has(c))
        : null;
    this.through.set(modeName, { at: this.changes, keys });
    return keys;
  }

  /** One key event in a mode. Stateful: a pending sequence belongs to the mode it was typed in. */
  feed(modeName: string, ev: KeyEvent): KeyResult {
    const mode = this.mode(modeName);
    if (ev.kind === 'mouse' || ev.kind === 'focus') return { kind: 'passthrough', events: [ev] };
    if (this.pendingMode !== mode.name) this.reset(); // typed in another mode: stale

    if (ev.kind !== 'paste') {
      const chord = canonicalKey(ev);
      // (no sequence begun, as for nearly every key: the chord alone, nothing joined)
      const joined = this.pendingChords.length ? `${this.pendingChords.join(' ')} ${chord}` : chord;
      if (mode.prefixes.has(joined)) {
        const chords = [...this.pendingChords, chord];
        this.pendingMode = mode.name;
        this.pendingEvents = [...this.pendingEvents, ev];
        this.pendingChords = chords;
        return { kind: 'pending', prefix: [...chords] };
      }
      const exact = mode.bindings.get(joined);
      if (exact) {
        this.reset();
        return this.done(mode, { kind: 'action', binding: exact });
      }
    }
    if (this.pendingChords.length > 0) return this.resolve(mode, ev);
    if (mode.passthrough) return this.done(mode, { kind: 'passthrough', events: [ev] });
    return this.done(mode, { kind: 'unhandled', chord: canonicalKey(ev) });
  }

  /** The sequence timeout fired: settle the pending sequence of this mode (null if none). */
  timeout(modeName: string): KeyResult | null {
    const mode = this.mode(modeName);
    if (this.pendingMode !== mode.name || this.pendingChords.length === 0) return null;
    return this.resolve(mode);
  }

  /** Settle the pending sequence because `breaker` did not continue it (or the timeout fired). */
  private resolve(mode: Mode, breaker?: KeyEvent): KeyResult {
    const events = this.pendingEvents;
    const chords = this.pendingChords;
    this.reset();
    const rest = breaker ? [breaker] : [];
    for (let n = chords.length; n > 0; n--) {
      const b = mode.bindings.get(chords.slice(0, n).join(' '));
      if (b) return this.done(mode, { kind: 'action', binding: b }, [...events.slice(n), ...rest]);
    }
    if (mode.passthrough) {
      // Send the breaker along at once when it would pass through on its own anyway.
      if (breaker && mode.sticky && this.plainPassthrough(mode, breaker)) {
        return this.done(mode, { kind: 'passthrough', events: [...events, breaker] });
      }
      return this.done(mode, { kind: 'passthrough', events }, rest);
    }
    if (breaker && breaker.kind !== 'paste' && mode.reserved.has(canonicalKey(breaker))) {
      return this.done(mode, { kind: 'unhandled', chord: chords.join(' ') }, rest);
    }
    return this.done(mode, { kind: 'unhandled', chord: [...chords, ...rest.map(canonicalKey)].join(' ') });
  }

  private plainPassthrough(mode: Mode, ev: KeyEvent): boolean {
    if (ev.kind === 'paste') return true;
    const c = canonicalKey(ev);
    return !mode.bindings.has(c) && !mode.prefixes.has(c);
  }

  private done(mode: Mode, result: KeyResult, replay: KeyEvent[] = []): KeyResult {
    if (replay.length > 0) result.replay = replay;
    if (!mode.sticky) result.leaveMode = true;
    return result;
  }

  private mode(name: string): Mode {
    const m = typeof name === 'string' ? this.modeTable.get(name) : undefined;
    if (!m) {
      throw new KeymapError(
        `unknown mode ${JSON.stringify(name)} (modes: ${[...this.modeTable.keys()].join(', ')})`,
      );
    }
    return m;
  }

  private checkNotReserved(mode: Mode, chord: string): void {
    const reason = mode.reserved.get(chord);
    if (reason !== undefined) throw new KeymapError(`${chord} in ${mode.name} is reserved: ${reason}`);
  }

  private remove(mode: Mode, joined: string): boolean {
    const b = mode.bindings.get(joined);
    if (!b) return false;
    mode.bindings.delete(joined);
    this.changes++;
    this.countPrefixes(mode, b.keys, -1);
    return true;
  }

  private countPrefixes(mode: Mode, keys: readonly string[], delta: 1 | -1): void {
    for (let n = 1; n < keys.length; n++) {
      const p = keys.slice(0, n).join(' ');
      const count = (mode.prefixes.get(p) ?? 0) + delta;
      if (count > 0) mode.prefixes.set(p, count);
      else mode.prefixes.delete(p);
    }
  }
}

/** "user/keys.lua:12" -> "user/keys.lua"; "builtin" stays. */
function sourceFile(source: string): string {
  return source.replace(/:\d+$/, '');
}

/** Keys given directly must already be canonical chords (parseKeySpec of each gives it back). */
function checkCanonical(keys: unknown): string[] {
  if (!Array.isArray(keys) || keys.length === 0)
    throw new KeymapError('keys must be a non-empty list of chords');
  return keys.map((k) => {
    if (typeof k !== 'string') throw new KeymapError(`keys must be strings, got ${typeof k}`);
    const parsed = parseKeySpec(k);
    if (parsed.length !== 1 || parsed[0] !== k) {
      throw new KeymapError(`"${k}" is not a canonical chord (it reads as "${parsed.join(' ')}")`);
    }
    return k;
  });
}

function checkAction(action: unknown, spec: string): KeyAction {
  const a = action as Partial<Record<string, unknown>> | null;
  if (a && typeof a === 'object') {
    if (a.kind === 'command' && typeof a.id === 'string' && a.id !== '') {
      return Object.freeze({
        kind: 'command',
        id: a.id,
        ...(a.arg === undefined ? {} : { arg: a.arg }),
        ...(a.verb === true ? { verb: true as const } : {}),
      });
    }
    if (a.kind === 'function' && typeof a.ref === 'number' && Number.isInteger(a.ref)) {
      return Object.freeze(
        typeof a.owner === 'string'
          ? { kind: 'function', ref: a.ref, owner: a.owner }
          : { kind: 'function', ref: a.ref },
      );
    }
  }
  throw new KeymapError(`"${spec}": the action must be a command id or a function`);
}
