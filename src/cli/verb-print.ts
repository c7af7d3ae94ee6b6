// How a verb's CLI command speaks, beside what its declaration gives it (its words, flags and
// `--help` lines: ./verb-cli.ts): the lines its answer prints without --json, the words only the
// command line has (`review edit --not-handled`), and where its exit codes or waits differ from
// the common ones (./fleet-commands.ts). One row a verb, and only for what the declaration cannot
// say; a verb with no row prints nothing but its --json answer.
import { printable } from '../terminal/printable.js';
import { where } from '../ui/diff/diff-place.js';
import { parseKeySpec } from '../keys/key-spec.js';
import { statusText } from './status-text.js';
import { agentsText } from './agent-commands.js';
import { retryWords } from '../hub/machine-retry.js';

type Reply = Record<string, unknown>;

export interface VerbPrint {
  /** Its answer as lines of text (without --json). */
  text?(reply: Reply, f: Readonly<Record<string, unknown>>): string[];
  /** Why the words or flags given are wrong, in the command's own words (else the common check). */
  usage?(words: string[], f: Readonly<Record<string, unknown>>): string | undefined;
  /** The fields only the command line's words give (`--not-handled` is handled: false). */
  fields?(f: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /** Its last word takes the rest of them, joined by spaces (send's TEXT...). */
  restWords?: true;
  /** How long it may take (default 30 s). */
  timeoutMs?: number;
  /** The exit codes of refusals whose codes differ from the common ones (by `reason`). */
  codes?: Readonly<Record<string, number>>;
  /** What --json prints of its answer, where that predates the typed answer (status: no `ok`). */
  json?(reply: Reply): unknown;
  /** What its errors start with (default `botster-tui NAME: `). */
  prefix?: string;
  /** It prints nothing, --json or not: scripts read its exit code (send). */
  silent?: true;
  /** --json prints nothing when it is refused (stderr says why), as it always did. */
  quietRefusal?: true;
}

interface Comment {
  id: string;
  file: string;
  line: number;
  end: number;
  side: 'new' | 'old';
  state: string;
  text: string;
}

type MachineLine = {
  name: string;
  via: string;
  state: string;
  error?: string;
  retry_in?: number;
  agents: number;
};
/** One machine a line: its name, its state (and why, when unreachable), how it is reached, its agents. */
const machinesText = (ms: MachineLine[]): string[] => {
  if (!ms.length) return ['no machines (machines.define or settings.machines names them: docs/remote.md)'];
  const w = Math.max(...ms.map((m) => m.name.length));
  return ms.map(
    (m) =>
      `${printable(m.name).padEnd(w)}  ${m.state.padEnd(11)}  ${printable(m.via)}  ${m.agents} agent${m.agents === 1 ? '' : 's'}` +
      (m.error ? `  — ${printable(m.error)}${retryWords(m.retry_in)}` : ''),
  );
};
const agentOf = (r: Reply) => r.agent as { id: string; name: string; pid?: number };
const says = (r: Reply) => [printable(String(r.says), { lines: true })];

/** `review WHAT` said wrong: the family's usage line (what `botster-tui review` says, with no WHAT). */
export const REVIEW_USAGE =
  'botster-tui review comment AGENT FILE:LINE[-LINE][ (removed)] TEXT | comments AGENT | edit AGENT ID [--text T] [--handled] [--remove] | send AGENT [--busy ask|wait|now] [--force]';
/** What a family's command says when the word after it is missing or unknown. */
export const FAMILY_USAGE: Readonly<Record<string, string>> = {
  review: REVIEW_USAGE,
  agent:
    'botster-tui agent new|kill|restart|focus|close|interrupt|send|list ... (each is its own command too: botster-tui kill AGENT)',
  worktree: 'botster-tui worktree list [prune] [--dry-run] [--park] (botster-tui worktrees is the same)',
  permission: 'botster-tui permission ask TOOL [--input FIELD=TEXT]... [--cwd DIR] [--for AGENT]',
};

/** The line a family's command says when the word after it is missing or unknown. */
export const familyUsage = (family: string, what: string | undefined): string =>
  what === undefined
    ? `say what: ${FAMILY_USAGE[family]}`
    : `unknown ${family} command "${what}" (${FAMILY_USAGE[family]})`;

const reviewWords = (what: string, n: number, words: string) => (args: string[]) =>
  args.length !== n ? `review ${what} takes ${words} (${REVIEW_USAGE})` : undefined;
// (the review commands' refusals: no agent 6, bad usage 2, anything else 1)
const REVIEW_CODES = { exited: 1, timeout: 1, no_worktree: 1, no_profile: 1, no_command: 1 };
const commentLine = (c: Comment, state: string) => `${c.id}  ${printable(where(c))}  ${state}`;

export const VERB_PRINT: Readonly<Record<string, VerbPrint>> = {
  'agent.new': { text: (r) => [`id:${agentOf(r).id}`], timeoutMs: 120_000 },
  'agent.restart': { text: (r) => [`id:${agentOf(r).id} pid:${String(agentOf(r).pid)}`] },
  rename: { text: (r) => [`id:${agentOf(r).id} ${agentOf(r).name}`] },
  wait: {
    text: (r) => [
      `${String(r.state)}${r.match !== undefined ? `: ${printable(String(r.match))}` : r.reason ? `: ${printable(String(r.reason))}` : ''}`,
    ],
  },
  // (an agent's screen, line by line: --ansi keeps its colours, fleet-cli.ts)
  read: { text: (r, f) => (r.lines as string[]).map((l) => printable(l, { sgr: f.ansi === true })) },
  search: {
    // One line a hit: the agent, where (and when a transcript says), the line.
    text: (r) => [
      ...(
        r.hits as Array<{
          agent: { id: string; name: string };
          source: string;
          at: number | null;
          line: string;
        }>
      ).map(
        (h) =>
          `${h.agent.id} ${printable(h.agent.name)}  ${printable(h.source)}${h.at ? ` ${new Date(h.at).toISOString().slice(0, 19)}` : ''}  ${printable(h.line)}`,
      ),
      ...(r.truncated ? [`(stopped at ${(r.hits as unknown[]).length} hits: --limit N for more)`] : []),
    ],
  },
  run: { text: (r) => (r.notice ? [printable(String(r.notice), { lines: true })] : []) },
  message: { text: (r) => [printable(String(r.why))] },
  'permission.ask': {
    text: (r) => [
      `${String(r.decision)}${r.rule !== null ? ` (rule "${printable(String(r.rule))}")` : ''}: ${printable(String(r.reason))}`,
    ],
  },
  'machine.list': { text: (r) => machinesText(r.machines as MachineLine[]) },
  'agent.move': {
    usage: (words) =>
      words.length !== 2
        ? 'name the agent and the machine: botster-tui move AGENT MACHINE ("local": this one; botster-tui machines lists them)'
        : undefined,
    text: (r) => [
      `${printable(agentOf(r).name)} runs on ${r.to === 'local' ? 'this machine' : printable(String(r.to))} now (id:${agentOf(r).id})${r.resumed ? ', in its conversation' : ''}${r.branch ? `; its branch ${printable(String(r.branch))} at ${String(r.commit).slice(0, 12)}` : ''}${r.uncommitted ? ` with ${String(r.uncommitted)} uncommitted ${r.uncommitted === 1 ? 'file' : 'files'}` : ''}`,
    ],
    // (its branch and transcripts cross, and its CLI comes up there)
    timeoutMs: 300_000,
  },
  whoami: { text: says },
  sandbox: { text: says },
  'worktree.list': { text: says },
  'agent.send': {
    restWords: true,
    silent: true,
    timeoutMs: 10_000,
    usage: (words, f) => {
      if (words.length === 0 || (words.slice(1).join(' ') === '' && !f.keys))
        return 'name the agent and what to type: botster-tui send AGENT TEXT [--keys "ctrl+c enter"] (see botster-tui send --help)';
      try {
        if (typeof f.keys === 'string') parseKeySpec(f.keys);
      } catch (e) {
        return `--keys: ${(e as Error).message}`;
      }
      return undefined;
    },
    // (an empty TEXT or --keys is none)
    fields: (f) => (f.keys === '' ? { keys: undefined } : {}),
    codes: { usage: 1, exited: 6, timeout: 1, no_worktree: 1, no_profile: 1, no_command: 1 },
  },
  'agent.list': {
    usage: (words) => (words.length > 0 ? `unexpected argument "${words[0]}"` : undefined),
    text: agentsText,
    // (an array of the rows, as scripts have read it since before the typed answer)
    json: (r) => r.agents ?? [],
    prefix: 'botster-tui: ',
    timeoutMs: 10_000,
    quietRefusal: true,
  },
  status: {
    usage: (words) =>
      words.length !== 1
        ? 'name one agent: botster-tui status AGENT [--explain] [--save-case STATE] [--json] (or --explain --file SCREEN.txt --program NAME)'
        : undefined,
    text: (r) => statusText(r),
    json: ({ ok: _ok, ...body }) => body,
    timeoutMs: 10_000,
    // (no agent 6; anything else 1)
    codes: { usage: 1, exited: 1, timeout: 1, no_worktree: 1, no_profile: 1, no_command: 1 },
  },
  'review.comment': {
    usage: reviewWords('comment', 3, 'AGENT FILE:LINE[-LINE][ (removed)] TEXT'),
    text: (r) => [commentLine(r.comment as Comment, (r.comment as Comment).state)],
    codes: REVIEW_CODES,
    quietRefusal: true,
  },
  'review.comments': {
    usage: reviewWords('comments', 1, 'AGENT'),
    text: (r) => {
      const list = r.comments as Comment[];
      return list.length === 0
        ? ['no comments']
        : list.map((c) => `${commentLine(c, c.state)}  ${printable(c.text.replace(/\n/g, ' / '))}`);
    },
    codes: REVIEW_CODES,
    quietRefusal: true,
  },
  'review.edit': {
    usage: (words, f) =>
      reviewWords('edit', 2, 'AGENT ID')(words) ??
      (f.text === undefined && !f.handled && !f['not-handled'] && !f.remove
        ? 'review edit: say what changes: --text TEXT, --handled, --not-handled or --remove'
        : undefined),
    fields: (f) => (!f.handled && f['not-handled'] === true ? { handled: false } : {}),
    text: (r) => {
      const c = r.comment as Comment;
      return [commentLine(c, r.removed ? 'deleted' : c.state)];
    },
    codes: REVIEW_CODES,
    quietRefusal: true,
  },
  'review.send': {
    usage: (words, f) =>
      reviewWords('send', 1, 'AGENT')(words) ??
      (f.busy !== undefined && !['ask', 'wait', 'now'].includes(String(f.busy))
        ? `--busy must be ask, wait or now, got "${String(f.busy)}"`
        : undefined),
    // --shell is --force's older name
    fields: (f) => (f.shell === true ? { force: true, shell: undefined } : {}),
    // (it may wait for the agent's turn to end)
    timeoutMs: Infinity,
    text: (r) => [
      `sent ${String(r.sent)} comment${r.sent === 1 ? '' : 's'}${r.waited ? ' (after its turn ended)' : ''}`,
    ],
    codes: REVIEW_CODES,
    quietRefusal: true,
  },
};
