import { ImprovementHistory } from '../reload/improvement-history.js';
import { WaitingImprovements } from '../improvements/waiting.js';
import { plural } from '../hub/plural.js';
import { printable } from '../terminal/printable.js';
import { jsonText } from './terminal-out.js';

/**
 * `botster-tui improvements list | show NAME [V] | revert NAME [V] | disable NAME | enable NAME`.
 * Works on $BOTSTER_HOME/improvements directly; a running hub watches that folder, so a revert
 * or disable goes live there at once.
 */
export function runImprovements(args: string[], home: string, out: (s: string) => void): number {
  const [verb, name, v] = args;
  const history = new ImprovementHistory(home);
  const version = v === undefined ? undefined : Number(v);
  try {
    switch (verb) {
      case undefined:
      case 'list': {
        const all = history.list();
        const waiting = new WaitingImprovements(home).list();
        if (all.length === 0 && waiting.length === 0) out('no improvements yet');
        // What waits for your answer first: nothing else needs you.
        for (const w of waiting)
          out(
            `${printable(w.name)}  waiting for your answer (from ${w.agent_id ? `agent ${w.agent_id}` : 'a file'} at ${w.at}: ${printable(w.reasoning)}): improvements.accept ${printable(w.name)} in the hub, or Ctrl+g o`,
          );
        for (const i of all) {
          const state = i.disabled
            ? 'disabled'
            : i.liveVersion === null
              ? 'not live'
              : `live v${i.liveVersion}`;
          out(
            `${printable(i.name)}  ${state}  ${plural(i.versions, 'version')}  ${i.latest ? `${i.latest.decision} by ${i.latest.agentId ? `agent ${i.latest.agentId}` : 'a file'} at ${i.latest.at}` : ''}`.trimEnd(),
          );
        }
        return 0;
      }
      case 'show': {
        const { record, source } = history.show(need(name), version);
        out(jsonText(record, 2));
        // (its Lua as written, line by line: no sequence or control but its line feeds and tabs)
        out(printable(source, { lines: true }));
        return 0;
      }
      case 'revert': {
        const r = history.revert(need(name), version);
        out(`${r.name} is live at v${r.version}`);
        return 0;
      }
      case 'disable':
        history.disable(need(name));
        out(`${name} disabled (its versions are kept)`);
        return 0;
      case 'enable': {
        const r = history.enable(need(name));
        out(`${r.name} is live at v${r.version}`);
        return 0;
      }
      default:
        out(`botster-tui improvements: unknown verb "${verb}" (list, show, revert, disable, enable)`);
        return 2;
    }
  } catch (err) {
    out(`botster-tui improvements: ${(err as Error).message}`);
    return 1;
  }
}

function need(name: string | undefined): string {
  if (!name) throw new Error('name an improvement');
  return name;
}
