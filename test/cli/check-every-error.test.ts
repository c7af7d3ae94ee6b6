// `botster-tui check FILE` reports every error it can find in a file, not only the first.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/cli/run-tools.js';
import { tempHome } from '../support/hub.js';

async function check(source: string): Promise<{ code: number; lines: string[]; file: string }> {
  const home = tempHome();
  const file = path.join(home, 'candidate.lua');
  fs.writeFileSync(file, source);
  const lines: string[] = [];
  const code = await runCheck([file], home, (s) => lines.push(...s.split('\n')));
  return { code, lines, file };
}

describe('botster-tui check', () => {
  it('lists every bad key spec, mode and command of a file with its line', async () => {
    const { code, lines, file } = await check(`keys.bind("normal", "ctrl+shift+nope", "agent.next")
keys.bind("normal", "j", "agent.next")
keys.bind("normal", "hyper+x", "agent.next")
keys.bind("nomode", "x", "agent.next")
keys.bind("normal", "k", "agent.nope")
keys.unbind("normal", "ctrl+")
`);
    expect(code).toBe(1);
    expect(lines).toEqual([
      `${file}:1: keys.bind: unknown key name "nope" in "ctrl+shift+nope"`,
      expect.stringMatching(new RegExp(`^${file}:3: keys\\.bind: modifier "hyper"`)),
      `${file}:4: keys.bind: unknown mode "nomode" (define it with keys.mode)`,
      expect.stringMatching(new RegExp(`^${file}:6: keys\\.unbind: `)),
      `${file}:5: unknown command "agent.nope" (keys.bind)`,
    ]);
  });

  it('lists every bad binding of a key table with its line', async () => {
    const { code, lines, file } = await check(`keys.bind("copy", "ctrl+g", "copy.down")
keys.mode("palette", { sticky = false })
keys.bind("help", "x", "help.nope")
keys.bind("copy", "J", "copy.down", { arg = 5 })
`);
    expect(code).toBe(1);
    expect(lines).toEqual([
      `${file}:1: keys.bind: ctrl+g in copy is reserved: the way out closes whatever is open (settings.way_out)`,
      `${file}:2: keys.mode: "palette" is built in: only its desc can change, not sticky`,
      `${file}:3: unknown command "help.nope" (keys.bind)`,
    ]);
  });

  it('lists every bad widget and prop of the trial render with its tree path', async () => {
    const { code, lines, file } = await check(`function App:render()
  return ui.column({
    titel = "x",
    ui.panel({ width = "lots", border = "wavy" }, ui.text("a", { fg = "purplish" })),
    { type = "colum" },
    ui.text("fine"),
  })
end
`);
    expect(code).toBe(1);
    expect(lines).toEqual([
      `${file}: App:render(): unknown prop "titel" for column`,
      `${file}: App:render().children[1]: width must be cells (a number), "N%" or "Nfr", got string "lots"`,
      `${file}: App:render().children[1]: border must be one of single|rounded|double|bold|classic|none, got string "wavy"`,
      `${file}: App:render().children[1].children[1]: fg must be a colour name, 0-255 or "#rrggbb", got string "purplish"`,
      `${file}: App:render().children[2]: unknown widget "colum"`,
    ]);
  });

  it('a good file still lists what it registers', async () => {
    const { code, lines, file } = await check(
      'keys.bind("normal", "ctrl+a x", "agent.next", { desc = "next" })\n',
    );
    expect(code).toBe(0);
    expect(lines[0]).toBe(`${file}: ok`);
    expect(lines.join('\n')).toMatch(/binding {2}normal {2}ctrl\+a x {2}agent\.next/);
  });
});
