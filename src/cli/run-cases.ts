import {
  acceptPending,
  dropPending,
  findPending,
  listPending,
  type PendingEntry,
} from '../status/pending-cases.js';
import type { LuaHost } from '../worker/lua-host.js';
import { EXIT } from '../wire/exit-codes.js';
import { explainScreen } from './run-status-file.js';
import type { Out } from './terminal-out.js';

// `botster-tui cases [show ID [--explain] | accept ID [--state STATE] | drop ID|--all]`: the
// screens the hub kept because an agent's own report and its screen disagreed
// ($BOTSTER_HOME/corpus/pending/). Files only: no hub needed.

function summary(e: PendingEntry): string {
  const c = e.case;
  const read = `${c.read.state}${c.read.adapter ? ` (${c.read.adapter}${c.read.rule ? `: ${c.read.rule}` : ''})` : ''}`;
  return `${e.id.padEnd(14)} ${c.agent}: said ${c.report.state}${c.report.reason ? ` (${c.report.reason})` : ''}, the screen read ${read}  ${c.kept_at}`;
}

export async function runCases(
  args: string[],
  home: string,
  o: { state?: string; all?: boolean; explain?: boolean; json?: boolean },
  out: Out,
  err: Out,
  lua: () => Promise<LuaHost>,
): Promise<number> {
  const [verb, id, ...rest] = args;
  const usage = 'botster-tui cases [show ID [--explain] | accept ID [--state STATE] | drop ID|--all]';
  if (rest.length) {
    err(`cases: unexpected argument "${rest[0]}" (${usage})`);
    return EXIT.USAGE;
  }
  try {
    if (verb === undefined || verb === 'ls') {
      const list = listPending(home);
      if (o.json) out(JSON.stringify(list.map((e) => ({ id: e.id, ...e.case }))));
      else if (list.length === 0) out('no pending cases: the agents and their screens agreed');
      else {
        for (const e of list) out(summary(e));
        out(`${list.length} pending: botster-tui cases show ID, accept ID (a saved case), drop ID`);
      }
      return EXIT.OK;
    }
    if ((verb === 'show' || verb === 'accept') && !id) {
      err(`cases ${verb}: name the case (${usage})`);
      return EXIT.USAGE;
    }
    if (verb === 'show') {
      const e = findPending(home, id);
      if (o.json) out(JSON.stringify({ id: e.id, ...e.case }));
      else {
        out(summary(e));
        out(
          `  title ${JSON.stringify(e.case.title ?? '')}${e.case.progress ? `, progress ${e.case.progress}` : ''}, quiet ${((e.case.quiet_ms ?? 0) / 1000).toFixed(1)} s, program ${e.case.program}`,
        );
        out('  the screen:');
        for (const l of e.case.screen.split('\n')) out(`    | ${l}`);
      }
      if (o.explain) {
        out('  what the adapters of this home read on it now:');
        const lines = await explainScreen(
          home,
          e.case.screen,
          {
            program: e.case.program ?? 'sh',
            title: e.case.title ?? '',
            ...(e.case.progress ? { progress: e.case.progress } : {}),
            ...(e.case.version ? { cliVersion: e.case.version } : {}),
          },
          await lua(),
        );
        for (const l of lines) out(`    ${l}`);
      }
      return EXIT.OK;
    }
    if (verb === 'accept') {
      const file = acceptPending(home, id, o.state);
      out(
        `${id}: accepted as a state-detection case in ${file}; every adapter change (yours, or an agent's push) must read it right`,
      );
      return EXIT.OK;
    }
    if (verb === 'drop') {
      if (!id && !o.all) {
        err(`cases drop: name the case, or --all (${usage})`);
        return EXIT.USAGE;
      }
      const n = dropPending(home, o.all ? 'all' : id);
      out(`dropped ${n} pending case${n === 1 ? '' : 's'}`);
      return EXIT.OK;
    }
    err(`cases: unknown "${verb}" (${usage})`);
    return EXIT.USAGE;
  } catch (e) {
    err((e as Error).message);
    return (e as Error).message.startsWith('no pending case') ? EXIT.USAGE : EXIT.FAILED;
  }
}
