// lua/default/questions.lua in the real configuration runtime: a question's notice names keys that
// open it from every mode, since it stays on screen while the user changes modes (issue 94: made
// in normal mode it said "o answers it", and in insert mode o went to the agent).
import { describe, expect, it } from 'vitest';
import type { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { appAgent, appData, useLuaRuntime } from '../support/lua-runtime.js';

const runtime = useLuaRuntime();

/** The text of the notice the shipped hook posts for a question asked while the hub is in `mode`. */
function notice(r: ConfigRuntime, mode: string): string {
  const out = r
    .dispatch(
      'question_asked',
      { id: 7, title: 'Trust it?', from: 'hub' },
      null,
      () => {},
      appData({ agents: [], focused_id: null, selected: 0, mode }),
    )
    .requests.flatMap((q) => q.requests) as { type: string; text?: string }[];
  const n = out.find((q) => q.type === 'notify');
  expect(n, JSON.stringify(out)).toBeTruthy();
  return n!.text!;
}

describe("a question's notice", () => {
  it('names the way out and the open key in every mode, never a key that types into the agent', async () => {
    const r = await runtime();
    const inNormal = notice(r, 'normal');
    expect(inNormal).toMatch(/^The hub asks: Trust it\? +\(ctrl\+g o answers it\)$/i);
    expect(notice(r, 'insert')).toBe(inNormal);
    expect(notice(r, 'copy')).toBe(inNormal);
  });

  it("follows the user's way out and their key for question.open", async () => {
    const r = await runtime('settings.way_out = "ctrl+]"\nkeys.bind("normal", "Q", "question.open")');
    expect(notice(r, 'normal')).toMatch(/\(ctrl\+\] (o|Q) answers it\)/i);
  });
});
