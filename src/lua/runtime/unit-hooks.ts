import type { AppData } from '../../hub/self.js';
import type { HookRequests } from '../../hub/requests.js';
import type { DispatchResult, EngineUnit, LogFn } from './engine-unit.js';
import { handlerError } from './locate-error.js';
import { IMPROVEMENT_MEMORY_MB } from './config-limits.js';

// A hub event through every Lua state in turn (the configuration's first, then each improvement's):
// each may change the payload or cancel it; an improvement that cannot run its hooks misses it.

/** A hub event through every Lua state: the payload as handlers left it and what they asked for. */
export interface RuntimeDispatch extends Omit<DispatchResult, 'requests'> {
  requests: HookRequests[];
}

/** Failures of an improvement as a whole (not of one of its handlers), to show 1st, 10th, 100th... */
export class UnitFailures {
  private readonly counts = new Map<EngineUnit, number>();

  /** `file: message` for an improvement that failed as a whole, when it is worth showing. */
  failed(unit: EngineUnit, err: unknown, event: string): string | null {
    const count = (this.counts.get(unit) ?? 0) + 1;
    this.counts.set(unit, count);
    if (count !== 1 && !/^10*$/.test(String(count))) return null;
    const message = handlerError(err as Error, unit.file ?? String(unit.owner), IMPROVEMENT_MEMORY_MB);
    return `${message} (${event} not handled${count > 1 ? `, failed ${count} times` : ''})`;
  }
}

/** Where an event goes and what each improvement's handlers see of the app. */
export interface HookUnits {
  units: EngineUnit[];
  failures: UnitFailures;
  /** The app an improvement's code gets (the configuration's derived facts added). */
  appFor(owner: string, app: AppData): AppData;
}

/** The event through each unit under its budget, until one cancels it. */
export function dispatchAcross(
  h: HookUnits,
  event: string,
  payload: unknown,
  subject: string | null,
  log: LogFn,
  app?: AppData | null,
): RuntimeDispatch {
  const notes: string[] = [];
  const requests: HookRequests[] = [];
  let current = payload;
  let derived: AppData | null = null;
  const forUnit = (unit: EngineUnit) => () =>
    !app || !unit.owner ? (app ?? null) : (derived ??= h.appFor(unit.owner, app));
  for (const unit of h.units) {
    let r: DispatchResult;
    try {
      r = unit.dispatch(event, current, subject, log, forUnit(unit));
    } catch (err) {
      if (!unit.owner) throw err;
      // An improvement whose hooks cannot be run misses this event; the others still get it.
      const note = h.failures.failed(unit, err, event);
      if (note) notes.push(note);
      continue;
    }
    notes.push(...r.notes);
    if (r.requests.length)
      requests.push({ ...(unit.owner ? { owner: unit.owner } : {}), requests: r.requests });
    if (r.cancelled) return { payload: r.payload, cancelled: true, reason: r.reason, notes, requests };
    current = r.payload;
  }
  return { payload: current, cancelled: false, notes, requests };
}

/** The events some unit handles (an improvement that cannot say: none, its dispatch says why). */
export function subscribedAcross(units: EngineUnit[]): string[] {
  const events = units.flatMap((u) => {
    try {
      return u.subscribedEvents();
    } catch (err) {
      if (!u.owner) throw err;
      return []; // (its dispatch says why, when an event it had comes)
    }
  });
  return [...new Set(events)];
}
