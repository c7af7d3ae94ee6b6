import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';

// A notice (or an error) on a screen whose agent list is longer than its panel. yoga shrinks the
// children of a column in proportion to their size: the list's 100 rows took all but a fraction
// of the notice's one row, which rounded to none, and its text was drawn on the status bar's row
// ("  NORMAL   Agents: 100r you"), the status bar over most of it. On 20 rows 40 agents do the same
// (the list's share of the overflow is 40 of 43).

const hubs = useHub();

const ROWS = 20;
const many = (n: number) => Array.from({ length: n }, () => ({ command: 'cat' }));

describe('a notice beside a long agent list', () => {
  it('w with 40 agents on 20 rows: the notice has its own row above the status bar, which stays whole', async () => {
    const t = await hubs.scripted({ agents: many(40), cols: 120, rows: ROWS });
    await t.frame(/Agents: 40/);
    await t.press('\x07w');
    const rows = t.screen().split('\n');
    expect(rows[ROWS - 2].trimEnd()).toBe('no agent is waiting for you');
    expect(rows[ROWS - 1]).toMatch(/^ {2}NORMAL {3}Agents: 40 +\?: help/);
    expect(rows[ROWS - 3]).toMatch(/^╰─+╯╰─+╯$/);
  });

  it("a layout's text squeezed to no room draws nothing over what comes below it", async () => {
    // The notice without shrink = 0 (as the default layout had it): squeezed away, not drawn over the bar.
    const layout = `
function App:render()
  local list = {}
  for i = 1, 100 do list[#list + 1] = ui.text("line " .. i, { shrink = 0 }) end
  return ui.column({
    ui.column(list),
    ui.text(ui.span("NOTICE TEXT HERE", { fg = "cyan" })),
    ui.status_bar({ left = { "STATUS" }, right = { "RIGHT" } }),
  })
end
`;
    const t = await hubs.scripted({
      agents: many(1),
      cols: 60,
      rows: 20,
      files: { 'user/layout.lua': layout },
    });
    await t.frame(/STATUS/);
    const rows = t.screen().split('\n');
    expect(rows[19]).toMatch(/^ ?STATUS +RIGHT ?$/);
    expect(t.screen()).not.toMatch(/HERE/);
  });
});
