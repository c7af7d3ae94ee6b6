// The capability card read from Lua (src/plugins/card.ts): literal names found, the rest said
// "named at run time", grants held against it, and an update's growth.
import { describe, expect, it } from 'vitest';
import { cardGrowth, cardOf, cardText } from '../../src/plugins/card.js';

const LUA = `
-- process.run({ cmd = "rm" }) in a comment is no call
keys.bind("normal", "ctrl+g t", function(app)
  local r = process.run({ cmd = "gh", args = { "pr", "list" } })
  process.run{ cmd = prog }
  http.get("https://ntfy.sh/topic", {}, function() end)
  http.request({ method = "POST", url = "https://api.example.com/x" })
  files.read_line("~/.claude.json")
  app:send(app.focused.id, "hi")
  app:kill(id)
end)
routes.get("/clock", function() end)
`;

describe('cardOf', () => {
  it('names programs, hosts, files, keys, agent verbs and routes from the code', () => {
    const card = cardOf(
      { 'init.lua': LUA },
      { capabilities: ['keys', 'run', 'net', 'files'], run: ['gh'], net: ['ntfy.sh'] },
    );
    const by = Object.fromEntries(card.lines.map((l) => [l.kind, l]));
    expect(by.programs.items).toEqual(['gh', 'a program named at run time']);
    expect(by.programs.text).toBe('runs programs: gh, a program named at run time (allowed: gh)');
    expect(by.network.items).toEqual(['api.example.com', 'ntfy.sh']);
    expect(by.files.items).toEqual(['~/.claude.json']);
    expect(by.keys.items).toEqual(['ctrl+g t (normal)']);
    expect(by.agents.items).toEqual(['kill', 'send']);
    expect(by.web.items).toEqual(['/clock']);
    expect(by.web.allowed).toBe(false);
    expect(by.web.text).toContain('not granted');
  });

  it('says nothing of what the code does not do', () => {
    const card = cardOf({ 'init.lua': 'layout.piece("status_right", "x", function() return "hi" end)' }, {});
    expect(card.lines).toEqual([]);
    expect(cardText(card)[0]).toMatch(/^runs no program/);
  });

  it('a program not given as a literal is "named at run time"', () => {
    const card = cardOf({ 'a.lua': 'local p = "gh"; process.run({ cmd = p })' }, { run: ['gh'] });
    expect(card.lines[0].items).toEqual(['a program named at run time']);
    expect(card.lines[0].allowed).toBe(true);
  });

  it('an update that adds process.run of a new program grows the card by that program', () => {
    const before = cardOf({ 'init.lua': 'process.run({ cmd = "gh" })' }, { run: ['gh'] });
    const after = cardOf(
      { 'init.lua': 'process.run({ cmd = "gh" })\nprocess.run({ cmd = "curl" })' },
      { run: ['gh', 'curl'] },
    );
    const grown = cardGrowth(before, after);
    expect(grown.map((l) => [l.kind, l.items])).toEqual([['programs', ['curl']]]);
    expect(grown[0].text).toBe('runs programs: curl (new)');
    expect(cardGrowth(after, after)).toEqual([]);
  });
});
