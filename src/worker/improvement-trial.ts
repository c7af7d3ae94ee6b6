import type { ConfigExport } from '../hub/configuration.js';
import type { ConfigFile } from '../lua/runtime/config-file.js';
import type { ConfigRuntime, LogFn } from '../lua/runtime/config-runtime.js';
import type { EngineUnit } from '../lua/runtime/engine-unit.js';
import { loadImprovement } from '../lua/runtime/improvement-unit.js';
import { SlotPieces } from '../lua/runtime/slot-pieces.js';
import { PieceHealth } from '../lua/runtime/piece-health.js';
import { SAMPLE_APP } from '../lua/runtime/sample-app.js';

// A pushed improvement, loaded on trial in a sandbox of its own: what it would register (its keys,
// commands, hooks, status adapters and layout pieces), and how its adapters judge the corpus.

/** How the live configuration's adapters judge each case, and how they do with the improvement's. */
export async function corpusCheck(
  rt: ConfigRuntime,
  params: {
    name: string;
    source: string;
    core: ConfigFile[];
    cases: Array<{ agent: unknown; screen: unknown }>;
  },
  log: LogFn,
) {
  const trial = await loadImprovement(params.name, params.source, params.core, log);
  const state = (f: () => { state?: string } | null) => {
    try {
      return f()?.state ?? null;
    } catch {
      return null; // an adapter that fails on a case gets it wrong
    }
  };
  try {
    return params.cases.map((c) => ({
      before: state(() => rt.detectStatus(c.agent, c.screen)),
      after: state(() => rt.detectStatus(c.agent, c.screen, false, { name: params.name, unit: trial })),
    }));
  } finally {
    trial.dispose();
  }
}

/**
 * What an improvement registers. `knownCommands`: the ids a key may be bound to besides its own
 * (the hub's and the live configuration's), null before any configuration loaded.
 */
export async function analyzeImprovement(
  params: { name: string; source: string; core: ConfigFile[]; file?: string },
  log: LogFn,
  knownCommands: () => string[] | null,
) {
  const unit = await loadImprovement(params.name, params.source, params.core, log, undefined, params.file);
  try {
    const exp = unit.export();
    unknownCommand(exp, knownCommands());
    return {
      bindings: exp.bindings.map((b) => ({
        mode: b.mode,
        key: b.keys.join(' '),
        action: b.action.kind === 'command' ? b.action.id : '<function>',
        desc: b.desc,
      })),
      commands: exp.commands.map((c) => ({ id: c.id, desc: c.desc })),
      hooks: exp.hooks.map((h) => ({ event: h.event, name: h.name })),
      unbinds: exp.unbinds.map((u) => ({ mode: u.mode, key: u.keys.join(' ') })),
      adapters: adaptersOf(unit),
      pieces: trialPieces(unit, params.source),
    };
  } finally {
    unit.dispose();
  }
}

/** An improvement's layout pieces run once on sample data: what each shows, its size, or its error. */
function trialPieces(unit: EngineUnit, source: string) {
  const trials = new SlotPieces(
    [unit],
    new PieceHealth(),
    () => {},
    () => source,
  ).trial(SAMPLE_APP);
  return trials.map(({ outputs, ...t }) => ({
    ...t,
    sample: outputs.map((o) =>
      o.text ? (o.text as Array<{ text: string }>).map((x) => x.text).join('') : o.widget ? '(a widget)' : '',
    ),
  }));
}

/**
 * A pushed improvement with a key bound to a command nobody registered would be left out of every
 * configuration: it does not load (thrown as the bind's file), and the push says so.
 */
function unknownCommand(exp: ConfigExport, others: string[] | null): void {
  if (!others) return; // (nothing to compare with yet)
  const known = new Set([...others, ...exp.commands.map((c) => c.id)]);
  const b = exp.bindings.find(
    (x) => x.action.kind === 'command' && !x.action.verb && !known.has(x.action.id),
  );
  if (b && b.action.kind === 'command')
    throw new Error(`${b.source}: unknown command "${b.action.id}" (keys.bind)`);
}

/** The status adapters an improvement registers. */
function adaptersOf(unit: EngineUnit): Array<{ name: string; priority: number }> {
  const [list] = unit.call('adapters_for', [null], { budgetMs: 200, functions: 'null' });
  return Array.isArray(list)
    ? list.map((a: { name: unknown; priority: unknown }) => ({
        name: String(a.name),
        priority: Number(a.priority) || 0,
      }))
    : [];
}
