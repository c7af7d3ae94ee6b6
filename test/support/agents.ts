import { readdirSync, readFileSync } from 'node:fs';
import type { Agent } from '../../src/agents/agent.js';
import type { HeadlessTerminal, StyledRun } from '../../src/terminal/headless-terminal.js';

export const rowText = (runs: StyledRun[]) => runs.map((r) => r.text).join('');
export const rowCells = (runs: StyledRun[]) => runs.reduce((n, r) => n + r.width, 0);

/** The visible screen as text, one line per row, trailing blanks trimmed. */
export function screenText(t: HeadlessTerminal): string {
  return t
    .snapshot()
    .lines.map((l) => rowText(l).trimEnd())
    .join('\n');
}

/** Every line the terminal holds, scrollback first, read through readRow at varying offsets. */
export function allLines(t: HeadlessTerminal): string[] {
  const max = t.snapshot().scrollbackLength;
  const out: string[] = [];
  for (let i = 0; i < max + t.rows; i++) {
    const offset = Math.max(0, max - i);
    out.push(rowText(t.readRow(i - (max - offset), offset)).trimEnd());
  }
  return out;
}

/** Polls `cond` (cheap checks only) until it holds; throws with `what` on timeout. */
export async function waitUntil(cond: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function waitForScreen(agent: Agent, re: RegExp, ms?: number): Promise<void> {
  return waitUntil(() => re.test(screenText(agent.terminal)), `screen to match ${re}`, ms);
}

/** All live descendants of `pid` (from /proc), so a test can check none survive. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // exited while we looked
    }
  }
  const out: number[] = [];
  const stack = [...(children.get(pid) ?? [])];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(children.get(p) ?? []));
  }
  return out;
}
