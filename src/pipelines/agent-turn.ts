// Driving one agent through a step's turn: typing the prompt, following its state until the turn
// ends (a question pauses it), streaming its new lines, and reading what it answered.
import type { Agent } from '../agents/agent.js';
import type { PipelineHub } from './ports.js';
import type { DiffSummary, StepRun } from './run.js';

/** Why a step or run ended other than well: the words `pipeline ls` and the events use. */
export class PipelineError extends Error {}
/** A step whose agent did not answer within its timeout (its agent is stopped). */
export class StepTimeout extends PipelineError {}

const STREAM_EVERY_MS = 200;
/** How long a screen-only CLI's output stands still after its answer before its turn counts as ended. */
const QUIET_ANSWER_MS = 1000;

export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function diffSummary(text: string): DiffSummary {
  let files = 0;
  let added = 0;
  let removed = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('diff --git ')) files++;
    else if (line.startsWith('+') && !line.startsWith('+++')) added++;
    else if (line.startsWith('-') && !line.startsWith('---')) removed++;
  }
  return { files, added, removed };
}

/**
 * Types the prompt (as a paste when it has several lines: a CLI takes it as one message), then
 * enter once the CLI has drawn it: text that arrives in one chunk reads as a paste to CLIs like
 * Claude Code, and an enter inside their paste window becomes a newline instead of sending.
 */
export async function typePrompt(
  hub: Pick<PipelineHub, 'type' | 'agents' | 'now' | 'store'>,
  agent: Agent,
  prompt: string,
  /** Whether it went to work since the enter (watchRunning, armed at each enter): then it was taken. */
  watch?: { ran: () => boolean; reports: () => boolean; arm: (t: number) => void },
): Promise<boolean> {
  const ran = () => watch?.ran() ?? false;
  const tail = prompt.trim().split('\n').pop()!.trim().slice(-24);
  const multi = prompt.includes('\n');
  const text = multi && agent.terminal.keyModes.bracketedPaste ? `\x1b[200~${prompt}\x1b[201~` : prompt;
  hub.type(agent, text);
  await new Promise((r) => setTimeout(r, multi ? 150 : 30));
  // Long enough for its screen to be read again (0.3 s after it settles).
  await outputSettled(hub, agent, 400, 2000);
  // A dialog it drew as the prompt went in took the text: enter would answer that dialog for the
  // user (Claude Code preselects its offers' "Yes"). Not typed: it is typed again once answered.
  if (hub.store.state.agentStates[agent.id]?.state === 'waiting') return false;
  // A CLI busy as it starts can miss that enter (Claude Code, three starting at once on two cores).
  // One that did not report work, the prompt still on its screen, gets it again; one that does not
  // report its turns at all, only if its screen did not change either.
  for (const wait of [3000, 3000, 5000]) {
    const before = await screenText(agent);
    watch?.arm(hub.now());
    hub.type(agent, '', 'enter');
    for (const end = Date.now() + wait; Date.now() < end && !ran() && !agent.isExited;)
      await new Promise((r) => setTimeout(r, 50));
    if (ran() || agent.isExited) return true;
    const now = await screenText(agent);
    if (!tail || !now.includes(tail) || (!watch?.reports() && now !== before)) return true;
    // (It asks something now: its turn's question, not a missed enter.)
    if (hub.store.state.agentStates[agent.id]?.state === 'waiting') return true;
  }
  return true;
}

/** The agent's screen as text now. */
async function screenText(agent: Agent): Promise<string> {
  await agent.terminal.flush();
  const top = agent.terminal.scrollbackLength;
  const rows: string[] = [];
  for (let y = 0; y < agent.terminal.rows; y++) rows.push(agent.terminal.lineText(top + y));
  return rows.join('\n');
}

export interface TurnWait {
  hub: Pick<PipelineHub, 'store' | 'agents'>;
  agent: Agent;
  signal: AbortSignal;
  deadline: number;
  timeoutMs: number;
  /** `ready`: at its input (idle, or a turn done); `turn`: a turn that began after `after` ended. */
  want: 'ready' | 'turn';
  after: number;
  /** The line the prompt was typed on: a turn that printed nothing below it has not ended. */
  from?: number;
  /** It asks something (waiting, with why), or goes on (null). */
  asks(reason: string | null): void;
  /** Whether it was seen at work since the prompt was typed (watched from before typing: a fast turn is over by the time this wait starts). */
  ran?: () => boolean;
}

/**
 * Watches an agent for its CLI's own report of a turn at work (see TurnWait.ran); `arm(t)`: only
 * from `t` on (the enter). stop() when done.
 */
export function watchRunning(
  hub: Pick<PipelineHub, 'store'>,
  agent: Agent,
  after: number,
): { ran: () => boolean; reports: () => boolean; arm: (t: number) => void; stop: () => void } {
  let ran = false;
  let reports = false;
  let armed = false;
  let from = after;
  // The entry when armed: a report of work that came later is a new entry, though its state may
  // have begun before (the echo of the typed prompt, read as output, made it running already).
  let seen = hub.store.state.agentStates[agent.id];
  const look = () => {
    const e = hub.store.state.agentStates[agent.id];
    if (e?.source === 'report') reports = true;
    // Its own report only: the screen's verdict right after typing reads the echo as work.
    if (e && e.state === 'running' && e.source === 'report' && (e.since > from || e !== seen)) ran = true;
  };
  look();
  const stop = hub.store.subscribe(look);
  return {
    ran: () => ran,
    reports: () => reports,
    // (Once: a report of work after the first enter counts, whatever enter it answered.)
    arm: (t) => {
      if (armed) return;
      armed = true;
      from = t;
      seen = hub.store.state.agentStates[agent.id];
      ran = false;
    },
    stop,
  };
}
/** Resolves when the agent is where `want` says; rejects when it exits, times out or is cancelled. */
export function waitTurn(w: TurnWait): Promise<void> {
  const { agent, signal } = w;
  return new Promise((resolve, reject) => {
    let asked: string | null = null;
    let over = false;
    // Typing into an idle agent marks a turn; a quiet screen may call it done before the agent even
    // read it. The turn ended once the agent was seen at work since, or printed below the prompt.
    let worked = false;
    const check = (): void => {
      if (signal.aborted) return finish(() => reject(new PipelineError('cancelled')));
      const e = w.hub.store.state.agentStates[agent.id];
      if (agent.isExited || e?.state === 'exited')
        return finish(() => reject(new PipelineError(`its agent exited (${e?.reason ?? 'exited'})`)));
      if (e?.state === 'waiting') {
        const reason = e.reason ?? 'a question';
        if (asked !== reason) w.asks((asked = reason));
        return;
      }
      if (asked !== null) w.asks((asked = null));
      if (e && e.since > w.after && e.state === 'running') worked = true;
      const free = e?.state === 'idle' || e?.state === 'done';
      if (w.want === 'ready' && free) return finish(resolve);
      if (w.ran?.()) worked = true;
      const printed = w.from === undefined || cursorLine(agent) >= w.from + 2;
      // A CLI's own report of idle (its session starting, late on a busy machine) ends no turn unless
      // it was seen at work; its report of done does. A full-screen CLI moves its cursor as it draws
      // the prompt, which is no answer: printing counts only when the screen decides.
      const ended = worked || (e?.source === 'report' ? e.state === 'done' : printed);
      // A CLI known only from its screen that answers at once is idle before and after: its state
      // never changes, so an answer printed and followed by quiet ends the turn.
      const answered = e?.source !== 'report' && printed && Date.now() - lastOutput >= QUIET_ANSWER_MS;
      if (w.want === 'turn' && free && (e.since > w.after || answered) && ended) return finish(resolve);
    };
    let lastOutput = Date.now();
    let quiet: NodeJS.Timeout | undefined;
    const unsubscribe = w.hub.store.subscribe(() => check());
    const offOutput = w.hub.agents.onOutput((changed) => {
      if (changed !== agent) return;
      lastOutput = Date.now();
      clearTimeout(quiet);
      quiet = setTimeout(check, QUIET_ANSWER_MS + 10);
      check();
    });
    signal.addEventListener('abort', check);
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(new StepTimeout(`no answer within ${Math.round(w.timeoutMs / 1000)} s (its timeout)`)),
        ),
      Math.max(0, w.deadline - Date.now()),
    );
    function finish(fn: () => void): void {
      if (over) return;
      over = true;
      unsubscribe();
      offOutput();
      clearTimeout(timer);
      clearTimeout(quiet);
      signal.removeEventListener('abort', check);
      fn();
    }
    check();
  });
}

/**
 * Resolves once the agent's output stood still `quietMs` (at most `maxMs`): a turn's end can be
 * reported (its hooks) before the last of its output is on its screen.
 */
export async function outputSettled(
  hub: Pick<PipelineHub, 'agents'>,
  agent: Agent,
  quietMs = 200,
  maxMs = 3000,
): Promise<void> {
  const end = Date.now() + maxMs;
  let last = Date.now();
  const off = hub.agents.onOutput((changed) => {
    if (changed === agent) last = Date.now();
  });
  try {
    while (Date.now() < end && Date.now() - last < quietMs) await new Promise((r) => setTimeout(r, 50));
    await agent.terminal.flush();
  } finally {
    off();
  }
}

/** Calls `chunk` with the complete lines the agent's screen gained, a batch at a time; returns the stop. */
export function streamLines(
  hub: Pick<PipelineHub, 'agents'>,
  agent: Agent,
  chunk: (text: string) => void,
): () => void {
  // From the line the cursor is on: lineCount counts the whole screen, blank rows below it too.
  let seen = cursorLine(agent);
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    // Complete lines only: the cursor's may still be written.
    const upto = cursorLine(agent);
    if (upto <= seen) return;
    const lines: string[] = [];
    for (let i = seen; i < upto; i++) lines.push(agent.terminal.lineText(i).trimEnd());
    seen = upto;
    const text = lines.join('\n');
    if (text.trim()) chunk(text);
  };
  const off = hub.agents.onOutput((changed) => {
    if (changed !== agent) return;
    timer ??= setTimeout(flush, STREAM_EVERY_MS);
  });
  return () => {
    off();
    if (timer) clearTimeout(timer);
    flush();
  };
}

/**
 * Where an answer is read from: the line the prompt is typed on, or the top of the screen when the
 * CLI draws below its input (a full-screen CLI: its box and footer at the bottom, the prompt's echo
 * and the answer in its transcript above them; answerOf finds the echo).
 */
export function answerStart(agent: Agent): number {
  const cursor = cursorLine(agent);
  return answerEnd(agent) > cursor ? agent.terminal.scrollbackLength : cursor;
}

/**
 * Where an answer ends: the CLI's cursor (at its next prompt), or past its last line when it parks
 * the cursor above that (a full-screen CLI; answerOf then stops at its input box).
 */
export function answerEnd(agent: Agent): number {
  const cursor = cursorLine(agent);
  let last = agent.terminal.lineCount - 1;
  while (last > cursor && !agent.terminal.lineText(last).trim()) last--;
  return last > cursor ? last + 1 : cursor;
}

/** The line the agent's cursor is on, counted from the top of its scrollback (where typing goes). */
export function cursorLine(agent: Agent): number {
  return agent.terminal.scrollbackLength + agent.terminal.cursor().y;
}

/** A step as Lua and the events see it. */
export function stepData(s: StepRun): Record<string, unknown> {
  return {
    key: s.key,
    step: s.step,
    item: s.item ?? null,
    state: s.state,
    reason: s.reason ?? null,
    agent: s.agent?.name ?? null,
    answer: s.answer ?? null,
    diff: s.diff ?? null,
    check: s.check ?? null,
    branch: s.worktree?.branch ?? null,
    duration_ms: s.started_at && s.ended_at ? s.ended_at - s.started_at : null,
  };
}

/** The first words of a prompt, as its echo shows them. */
const firstWords = (prompt: string): string =>
  prompt
    .split('\n')
    .find((l) => l.trim())
    ?.trim()
    .slice(0, 30) ?? '';

/**
 * What the agent answered in `lines` (its screen with scrollback, up to `end`), read from `top`
 * (where the prompt went in). When that part holds no echo of the prompt, from the start instead:
 * `top` was the cursor of a screen caught mid-redraw (a full-screen CLI moves it through every row
 * as it draws), or the panel was fitted again and the CLI redrew on fewer rows.
 */
export function answerIn(lines: string[], top: number, end: number, prompt: string): string {
  const first = firstWords(prompt);
  const from = top < end ? top : 0;
  const echoed = (a: number) => !first || lines.slice(a, end).some((l) => l.includes(first));
  return answerOf(lines.slice(from > 0 && !echoed(from) && echoed(0) ? 0 : from, end), prompt);
}

/**
 * What the agent answered: the lines after the prompt it was typed (its echo left out), up to the
 * line its cursor is on (its input again).
 */
export function answerOf(lines: string[], prompt: string): string {
  const first = firstWords(prompt);
  // After the newest echo of the prompt (a CLI that redraws its screen may have left older copies
  // above), from the line that holds its last line (a long prompt wraps).
  let start = 0;
  if (first) {
    let at = -1;
    for (let i = lines.length - 1; i >= 0 && at < 0; i--) if (lines[i].includes(first)) at = i;
    const last = prompt.trim().split('\n').pop()!.trim().slice(-20);
    if (at >= 0) {
      const end = lines.findIndex((l, i) => i >= at && l.includes(last));
      start = (end >= 0 ? end : at) + 1;
    }
  }
  let body = lines.slice(start);
  // A full-screen CLI's input box starts with a rule across the screen: the answer is above it.
  const box = body.findIndex((l) => RULE.test(l));
  if (box >= 0) {
    body = body.slice(0, box);
    // The notices it pins over its box ("tmux focus-events off · …"), blank rows between them and
    // its transcript: a short block after two or more blank rows is not the answer.
    while (body.length && !body[body.length - 1].trim()) body.pop();
    let block = body.length;
    while (block > 0 && body[block - 1].trim()) block--;
    let gap = block;
    while (gap > 0 && !body[gap - 1].trim()) gap--;
    if (body.length - block <= 3 && block - gap >= 2) body = body.slice(0, gap);
  }
  // Below the answer, its working and status lines ("✶ Thinking… (2s)", "◐ medium · /effort").
  while (body.length && (!body[body.length - 1].trim() || STATUS_LINE.test(body[body.length - 1])))
    body.pop();
  return body.join('\n').trim();
}

/** A horizontal rule of box-drawing characters (an input box's edge). */
const RULE = /^\s*[─━═╌-]{20,}\s*$/u;
/** A symbol, a space, then words with an ellipsis or a · separator: a working or status line. */
const STATUS_LINE = /^\s*[\u2190-\u2BFF]\s.*(…|·)/u;
