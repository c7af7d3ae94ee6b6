import { printable } from '../terminal/printable.js';
import type { StatusVerdict } from '../lua/runtime/status-units.js';

// What `botster-tui status AGENT` prints of the status verb's answer (./verb-print.ts), and the
// verdict lines `status --file` shares (./run-status-file.ts).

type Verdict = StatusVerdict | null;

/** A verdict of the adapters as lines: who decided, by which rule, from which lines, and who else was asked. */
export function verdictText(v: Verdict): string[] {
  if (!v || !v.state)
    return [
      'no adapter answered: quietness decides (running while output flows, idle after 1.5 s)',
      ...triedText(v?.tried),
    ];
  const out = [
    `${v.state}${v.reason ? `: ${printable(v.reason)}` : ''}`,
    `  decided by adapter ${v.adapter}${v.rule ? `, rule ${JSON.stringify(v.rule)}` : ''}`,
  ];
  if (v.lines?.length) out.push('  from the lines:', ...v.lines.map((l) => `    | ${printable(l)}`));
  return [...out, ...triedText(v.tried)];
}

function triedText(tried: NonNullable<Verdict>['tried']): string[] {
  if (!tried?.length) return [];
  return [
    '  adapters asked, in order:',
    ...tried.map(
      (a) =>
        `    ${a.adapter.padEnd(14)} ${a.error ? `error: ${printable(a.error)}` : (a.state ?? 'no opinion')}${a.rule ? `  (${printable(a.rule)})` : ''}`,
    ),
  ];
}

/** The status verb's answer as `botster-tui status` prints it. */
export function statusText(b: Record<string, unknown>): string[] {
  const agent = b.agent as { id: string; name: string; program: string };
  const decided = b.decided as { adapter: string; rule: string | null; lines: string[] } | null;
  const out = [
    `${printable(agent.name)} (id:${agent.id}, program ${printable(agent.program)}): ${b.state}${b.reason ? ` — ${printable(String(b.reason))}` : ''}`,
    `  since ${b.since ?? '?'}, said by ${describeSource(String(b.source))}${decided ? ` (adapter ${decided.adapter}${decided.rule ? `, rule ${JSON.stringify(decided.rule)}` : ''})` : ''}`,
  ];
  if (decided?.lines.length)
    out.push('  from the lines:', ...decided.lines.map((l) => `    | ${printable(l)}`));
  const d = b.disagreement as
    | {
        said: { state: string; reason: string | null };
        read: { state: string; adapter?: string; rule?: string };
        for_ms: number;
        kept?: string;
      }
    | undefined;
  if (d) {
    out.push(
      `  the agent says ${d.said.state}${d.said.reason ? ` (${printable(d.said.reason)})` : ''}; the screen reads ${d.read.state}${d.read.adapter ? ` (${d.read.adapter}${d.read.rule ? `: ${d.read.rule}` : ''})` : ''}, for ${(d.for_ms / 1000).toFixed(1)} s${d.kept ? ` — kept as pending case ${d.kept} (botster-tui cases show ${d.kept})` : ''}`,
    );
  }
  const screen = b.screen as
    | {
        title: string;
        quiet: number;
        progress: unknown;
        at_prompt: boolean;
        bell: boolean;
        size?: string;
        cli_version?: string;
      }
    | undefined;
  if (screen) {
    out.push(
      '',
      `the screen now (title ${JSON.stringify(printable(screen.title))}, quiet ${screen.quiet.toFixed(1)} s${screen.size ? `, ${screen.size}` : ''}${screen.cli_version ? `, ${agent.program} ${screen.cli_version}` : ''}${screen.progress ? `, progress ${JSON.stringify(screen.progress)}` : ''}${screen.at_prompt ? ', at a shell prompt' : ''}${screen.bell ? ', rang the bell' : ''}):`,
    );
    out.push(...verdictText(b.now as Verdict).map((l) => `  ${l}`));
  }
  if (b.saved) out.push('', `saved as a case in ${b.saved}`);
  return out;
}

function describeSource(s: string): string {
  return (
    (
      {
        screen: 'the screen',
        report: 'the agent itself (botster-tui report)',
        quiet: 'quietness alone',
        exit: 'its exit',
      } as Record<string, string>
    )[s] ?? s
  );
}
