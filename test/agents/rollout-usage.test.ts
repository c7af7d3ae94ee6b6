import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { usageFromRollout, usageOfTokenCount } from '../../src/agents/rollout-usage.js';

// Codex's usage, as its session file says it. The first line is verbatim from a real Codex 0.171.0
// session (run in the hub against the local mock model, which sends no rate limits); the limits'
// shape is Codex's `rate_limits` as its session files and docs/usage-facts.md describe it.
const REAL =
  '{"timestamp":"2026-11-27T07:36:44.073Z","ordinal":12,"type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":10,"cached_input_tokens":0,"cache_write_input_tokens":0,"output_tokens":5,"reasoning_output_tokens":0,"total_tokens":15},"last_token_usage":{"input_tokens":10,"cached_input_tokens":0,"cache_write_input_tokens":0,"output_tokens":5,"reasoning_output_tokens":0,"total_tokens":15},"last_usage_includes_reasoning":false,"model_context_window":258400},"rate_limits":{"limit_id":"codex","limit_name":null,"primary":null,"secondary":null,"credits":null,"individual_limit":null,"spend_control_reached":null,"plan_type":null,"rate_limit_reached_type":null}}}';

describe("Codex's usage from its session file", () => {
  it('the tokens and context of a real token_count event; no limits when it has none', () => {
    const payload = (JSON.parse(REAL) as { payload: Record<string, unknown> }).payload;
    expect(usageOfTokenCount(payload)).toEqual({ tokens: 15, context_pct: 0, source: 'session' });
  });

  it('its primary and secondary limits, named by their windows', () => {
    const u = usageOfTokenCount(
      {
        type: 'token_count',
        info: {
          total_token_usage: { total_tokens: 120000 },
          last_token_usage: { total_tokens: 64600 },
          model_context_window: 258400,
        },
        rate_limits: {
          primary: { used_percent: 82.5, window_minutes: 300, resets_at: 1900000000 },
          secondary: { used_percent: 31, window_minutes: 10080, resets_in_seconds: 60 },
        },
      },
      1_000_000_000_000,
    );
    expect(u).toEqual({
      tokens: 120000,
      context_pct: 25,
      limits: {
        five_hour: { used_pct: 82.5, resets_at: 1900000000 },
        seven_day: { used_pct: 31, resets_at: 1000000060 },
      },
      source: 'session',
    });
  });

  it("the last event of the file's tail; a file without one says nothing", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-'));
    const f = path.join(dir, 'rollout-2026-11-27T07-36-43-x.jsonl');
    const later = REAL.replace('"total_tokens":15}', '"total_tokens":99}');
    fs.writeFileSync(
      f,
      `${'{"type":"response_item"}\n'.repeat(3)}${REAL}\n${later}\n{"type":"event_msg","payload":{"type":"agent_message"}}\n{"cut`,
    );
    expect(usageFromRollout(f)?.tokens).toBe(99);
    fs.writeFileSync(f, '{"type":"session_meta"}\n');
    expect(usageFromRollout(f)).toBeNull();
    expect(usageFromRollout(path.join(dir, 'none.jsonl'))).toBeNull();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
