// Layout pieces pushed live, end to end: a real hub server (started by a real client in a PTY),
// pieces pushed through the real CLI (one by an agent inside the hub), seen with snapshot --live
// and on the attached client's screen, reviewed by the default policy, reverted and disabled.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempRepo, until, waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';
import { run, screen, stoppedAfterEach, userCli, waitScreen, type Running } from '../support/cli-pty.js';

const { running, dotHome } = stoppedAfterEach();

const cli = (args: string[], home: string) => userCli(home, args);

const pushed = (home: string, file: string) => {
  const r = cli(['push', file], home);
  return { ...r, reply: r.stdout ? (JSON.parse(r.stdout) as Record<string, unknown>) : {} };
};
const live = (home: string) => cli(['snapshot', '--live'], home).stdout;

// The docs' example (docs/layout-pieces.md): how many agents wait, and each agent's git branch.
const WAITING = `layout.piece("status.right", "waiting", function(app)
  local n = 0
  for _, a in ipairs(app.agents) do if a.state == "waiting" then n = n + 1 end end
  if n == 0 then return nil end
  return ui.span(n .. " waiting", { fg = "yellow", bold = true })
end)
`;
const BRANCH = `layout.piece("agent_list.row", "branch", function(app, ctx)
  if ctx.agent.git_branch then return ui.span("⎇ " .. ctx.agent.git_branch, { fg = "magenta" }) end
end, { order = 10 })
`;

/** An agent that asks and waits for the answer (the generic adapter reads it as waiting). */
const ASKS = `sh -c 'printf "Deploy now? (y/n) "; read answer; sleep 60'`;

function write(dir: string, name: string, source: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, source);
  return file;
}

/** A hub server with an attached client in a PTY, its agents started in a fresh git repository. */
async function hubIn(
  files: Record<string, string> = {},
): Promise<{ home: string; client: Running; repo: string; git: (...a: string[]) => void; dir: string }> {
  const home = dotHome();
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
    fs.writeFileSync(path.join(home, rel), text);
  }
  const { repo, git } = tempRepo();
  const client = run(['--home', home, '--agent', ASKS, '--agent', 'sh'], 120, 30, { cwd: repo });
  running.push(client);
  await waitScreen(client, /Deploy now\? \(y\/n\)/);
  // The asking agent is waiting (the hub's state, whatever the layout shows).
  await until(
    'the first agent waits',
    () => /"state":\s*"waiting"/.test(cli(['agents', '--json'], home).stdout),
    15000,
  );
  return { home, client, repo, git, dir: path.dirname(home) };
}

describe('pieces pushed to a running hub', () => {
  it('an agent in the hub pushes a status segment and a row badge: both show at once; the branch follows a checkout; revert and disable remove them live', async () => {
    const { home, client, dir, git } = await hubIn();
    // The agent (the shell, agent 2) pushes the status segment itself, from inside the hub.
    const segment = write(dir, 'waiting.lua', WAITING);
    client.pty.write('\x07'); // normal mode: "2" focuses the shell, "i" types into it
    client.pty.write('2i');
    client.pty.write(`botster-tui push ${segment} > ${dir}/push.json; echo "pushed $?"\r`);
    await waitScreen(client, /pushed 0/);
    const reply = JSON.parse(fs.readFileSync(path.join(dir, 'push.json'), 'utf8'));
    expect(reply).toMatchObject({ decision: 'autonomous', live: true, version: 1 });
    expect(reply.reasoning).toMatch(/adds 1 layout piece \(status\.right waiting\)/);
    expect(reply.registered.pieces).toEqual([
      expect.objectContaining({
        slot: 'status.right',
        name: 'waiting',
        size: 9,
        limit: 40,
        sample: ['1 waiting'],
      }),
    ]);
    expect(live(home)).toMatch(/Agents: 2 .*1 waiting {2}Ctrl\+g: hub keys/);

    // v2 adds the badge: the first snapshot after the push shows both, as does the client.
    const both = write(dir, 'waiting.lua', WAITING + BRANCH);
    expect(pushed(home, both)).toMatchObject({
      status: 0,
      reply: { decision: 'autonomous', live: true, version: 2 },
    });
    const frame = live(home);
    expect(frame).toMatch(/◆ 1 sh waiting ⎇ main/);
    expect(frame).toMatch(/ 2 sh-2 \w+ ⎇ main/);
    expect(frame).toMatch(/1 waiting {2}Ctrl\+g: hub keys/);
    await waitScreen(client, /◆ 1 sh waiting ⎇ main[\s\S]*1 waiting/);

    // The branch is a fact the hub keeps current (HEAD changed; no git per frame).
    git('checkout', '-q', '-b', 'feature-x');
    await waitScreen(client, /◆ 1 sh waiting ⎇ feature-x/);

    // Revert to v1: the badge goes, the segment stays; disable: the segment goes too.
    expect(cli(['improvements', 'revert', 'waiting'], home).stdout).toContain('waiting is live at v1');
    await waitScreen(client, /◆ 1 sh waiting {2,}│/);
    expect(screen(client.term)).toMatch(/1 waiting {2}Ctrl\+g: hub keys/);
    expect(cli(['improvements', 'disable', 'waiting'], home).status).toBe(0);
    await until('the segment is gone', () => !/1 waiting/.test(screen(client.term)), 8000);
    expect(live(home)).not.toMatch(/waiting {2}Ctrl\+g|⎇/);
  }, 90000);

  it('a piece that throws on real data: a notice names its file:line, the rest of the frame draws, and it is off after 3 failures', async () => {
    const { home, client, dir } = await hubIn();
    write(dir, 'waiting.lua', WAITING);
    expect(pushed(home, path.join(dir, 'waiting.lua')).status).toBe(0);
    // Fine on sample data (every sample agent has a state), broken on an agent named "sh".
    const boom = write(
      dir,
      'boom.lua',
      `layout.piece("status.left", "boom", function(app)
  for _, a in ipairs(app.agents) do
    if a.name == "sh" then error("no sh please") end
  end
  return "quiet"
end)
`,
    );
    const r = pushed(home, boom);
    expect(r).toMatchObject({ status: 0, reply: { decision: 'autonomous', live: true } });
    const shown = await waitScreen(
      client,
      /improvements\/boom\.lua:3: no sh please \(piece "boom" in status\.left/,
    );
    expect(shown).toMatch(/1 waiting {2}Ctrl\+g: hub keys/); // the other piece and the rest of the frame
    expect(shown).toMatch(/◆ 1 sh waiting/);
    // Each frame tries it again; the third failure turns it off and says so.
    client.pty.write('\x07jk');
    await waitScreen(client, /failed 3 times in a row: off until its file changes/);
    expect(fs.readFileSync(path.join(home, 'logs/hub.log'), 'utf8')).toMatch(
      /improvements\/boom\.lua:3: no sh please/,
    );
  }, 60000);

  it('a user\'s own layout.lua placing ui.slot("status.right") gets the pushed piece there', async () => {
    const layout = `function App:render()
  return ui.column({
    ui.row({ height = 1, ui.text("my own hub "), ui.slot("status.right", { fg = "cyan" }) }),
    ui.panel({ grow = 1, title = "agent" }, ui.terminal(self.focused)),
  })
end
`;
    const { home, client, dir } = await hubIn({ 'user/layout.lua': layout });
    await waitScreen(client, /my own hub/);
    const r = pushed(home, write(dir, 'waiting.lua', WAITING + BRANCH));
    // Its layout shows no agent list: the badge is live but has nowhere to go, and the reply says so.
    expect(r).toMatchObject({
      status: 0,
      reply: { live: true, not_shown: [expect.stringContaining('no slot "agent_list.row"')] },
    });
    expect(live(home)).toMatch(/^my own hub 1 waiting\s*$/m);
    await waitScreen(client, /my own hub 1 waiting/);
  }, 60000);

  it('the policy: a piece replacing one of yours waits for you (exit 2); one too large for its slot is refused (exit 1)', async () => {
    const mine = 'layout.piece("status.right", "waiting", function(app) return "mine" end)\n';
    const { home, dir } = await hubIn({ 'user/pieces.lua': mine });
    const takeover = pushed(home, write(dir, 'waiting.lua', WAITING));
    expect(takeover.status).toBe(2);
    expect(takeover.reply).toMatchObject({
      decision: 'collaborative',
      rule: 'replaces-user-piece',
      waiting: true,
      live: false,
    });
    expect(String(takeover.reply.reasoning)).toMatch(
      /replaces your layout piece: status\.right waiting \(.*user\/pieces\.lua:1\)/,
    );
    const huge = pushed(
      home,
      write(
        dir,
        'huge.lua',
        'layout.piece("sidebar", "all", function(app) return ui.terminal(app.focused) end)\nlayout.piece("header.right", "wide", function() return string.rep("=", 80) end)\n',
      ),
    );
    expect(huge.status).toBe(1);
    expect(huge.reply).toMatchObject({ decision: 'escalated', rule: 'piece-too-large', live: false });
    expect(String(huge.reply.reasoning)).toMatch(
      /may not take over the screen: all in sidebar takes all the rows, the slot allows 12 .*wide in header\.right takes 80 cells, the slot allows 40/,
    );
    expect(live(home)).toMatch(/mine {2}Ctrl\+g: hub keys/);
  }, 60000);
});

describe('a piece that stalls the Lua worker itself', () => {
  const hubs = useHub();

  it('a pattern match no budget stops: the worker is replaced, the piece named and off for good, the rest draws', async () => {
    const h = await hubs.real({ agents: [{ command: 'cat', name: 'cat' }], collaborativeWaitMs: 0 });
    await h.improvements.push({
      name: 'good',
      source: 'layout.piece("status.right", "ok", function() return "still drawn" end)',
      agent_id: '1',
    });
    // Harmless on the sample data its review runs it on; on this hub's agent ("cat") it never returns.
    const stall = await h.improvements.push({
      name: 'stall',
      source:
        'layout.piece("status.left", "stall", function(app)\n  if app.agents[1].name == "cat" then return (string.rep("a", 40000):find(".-.-.-.-x")) end\nend)',
      agent_id: '1',
    });
    expect(stall).toMatchObject({ decision: 'autonomous', live: true });
    // Its trial render in the reload stopped the worker: the piece is named, off, and the rest went live.
    const log = () => fs.readFileSync(path.join(h.opts.home, 'logs/hub.log'), 'utf8');
    expect(log()).toMatch(
      /improvements\/stall\.lua:1: the piece stopped the Lua worker \(a pattern match that never ends\?\) \(piece "stall" in status\.left, off until its file changes\)/,
    );
    expect(h.state.notice?.text).toMatch(/^improvements\/stall\.lua:1: the piece stopped the Lua worker/);
    const shown = await waitForFrame(h, /still drawn/, 10000);
    expect(shown).toContain('Agents: 1');
    // Later frames (and reloads) keep it off: the worker is not stopped again.
    const restarts = (log().match(/lua worker restarted/g) ?? []).length;
    await h.config.reload([]);
    h.input('\x07jk');
    await waitForFrame(h, /still drawn/);
    expect((log().match(/lua worker restarted/g) ?? []).length).toBe(restarts);
  }, 60000);
});

describe('botster-tui check --render', () => {
  it("runs a file's pieces on sample data and prints what each shows and the frame with them", () => {
    const dir = path.dirname(dotHome());
    const file = write(dir, 'waiting.lua', WAITING + BRANCH);
    const r = cli(['check', '--render', '--size', '100x12', file], path.join(dir, 'empty-home'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`${file}: ok`);
    expect(r.stdout).toContain(`  piece    status.right  waiting  order 0  (${file}:1)`);
    expect(r.stdout).toMatch(/status\.right {2}waiting: 9 cells of 40\n {4}"1 waiting"/);
    expect(r.stdout).toMatch(
      /agent_list\.row {2}branch: 15 cells of 20\n {4}1 claude: "⎇ main"\n {4}2 sh: \(nothing\)\n {4}3 aider: "⎇ botster\/aider"/,
    );
    expect(r.stdout).toMatch(/◆ 1 claude waiting ⎇ main/);
    expect(r.stdout).toMatch(/NORMAL {3}Agents: 3 .*1 waiting {2}\?: help/);
    const bad = write(
      dir,
      'bad.lua',
      'layout.piece("status.right", "bad", function(app) return app.nope.x end)\n',
    );
    const failed = cli(['check', '--render', bad], path.join(dir, 'empty-home'));
    expect(failed.status).toBe(1);
    expect(failed.stdout).toMatch(
      /status\.right {2}bad: error: .*bad\.lua:1: attempt to index a nil value \(field 'nope'\)/,
    );
  }, 30000);
});
