import fs from 'node:fs';
import type { AgentUsage, UsageLimit } from '../wire/agent-record.js';

// What Codex says of its own usage: each turn its session file (rollout-*.jsonl, the transcript
// its notify names by thread id) gets a `token_count` event with the session's tokens, the
// context window and the account's rate limits (primary and secondary, each with its window).
// Read at the end of a turn, from the file's tail: never per frame or per key.

/** How much of a session file's end is read: the last turn's events are there. */
const TAIL_BYTES = 256 * 1024;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** A limit's name from its window: five_hour and seven_day as Claude's are named, else the minutes. */
function limitName(minutes: number | undefined, fallback: string): string {
  if (minutes === 300) return 'five_hour';
  if (minutes === 10080) return 'seven_day';
  return minutes ? `${minutes}_min` : fallback;
}

/** One `token_count` event's payload as usage (null: it says nothing). */
export function usageOfTokenCount(payload: Record<string, unknown>, nowMs = Date.now()): AgentUsage | null {
  const info = obj(payload.info);
  const total = obj(info?.total_token_usage);
  const last = obj(info?.last_token_usage);
  const window = num(info?.model_context_window);
  const tokens = num(total?.total_tokens);
  const lastTokens = num(last?.total_tokens);
  const limits: Record<string, UsageLimit> = {};
  const rate = obj(payload.rate_limits);
  for (const key of ['primary', 'secondary']) {
    const l = obj(rate?.[key]);
    const used = num(l?.used_percent);
    if (!l || used === undefined) continue;
    const resetsAt =
      num(l.resets_at) ??
      (num(l.resets_in_seconds) !== undefined ? nowMs / 1000 + num(l.resets_in_seconds)! : undefined);
    limits[limitName(num(l.window_minutes), key)] = {
      used_pct: Math.round(Math.min(1000, Math.max(0, used)) * 10) / 10,
      ...(resetsAt !== undefined ? { resets_at: Math.round(resetsAt) } : {}),
    };
  }
  const usage: AgentUsage = {
    ...(tokens !== undefined ? { tokens } : {}),
    ...(window && lastTokens !== undefined
      ? { context_pct: Math.round(Math.min(100, (lastTokens / window) * 100) * 10) / 10 }
      : {}),
    ...(Object.keys(limits).length ? { limits } : {}),
    source: 'session',
  };
  return Object.keys(usage).length > 1 ? usage : null;
}

/** The usage the last `token_count` event of a session file says (null: none in its tail). */
export function usageFromRollout(file: string): AgentUsage | null {
  let text: string;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const from = Math.max(0, size - TAIL_BYTES);
      const buf = Buffer.alloc(size - from);
      fs.readSync(fd, buf, 0, buf.length, from);
      text = buf.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return null;
  }
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!lines[i].includes('"token_count"')) continue;
    try {
      const e = JSON.parse(lines[i]) as Record<string, unknown>;
      const payload = obj(e.payload);
      if (payload?.type !== 'token_count') continue;
      const u = usageOfTokenCount(payload);
      if (u) return u;
    } catch {
      // a line cut by the tail, or being written: an earlier one
    }
  }
  return null;
}
