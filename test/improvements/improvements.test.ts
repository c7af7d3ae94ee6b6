import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { realHome, sleep, tempHome, until, waitForFrame } from '../support/hub.js';
import { runImprovements } from '../../src/cli/run-improvements.js';
import { WaitingImprovements } from '../../src/improvements/waiting.js';
import { killServer } from '../support/cli-pty.js';
import { useHub } from '../support/use-hub.js';
import { cliArgv, cliLine, cliOut } from '../support/cli.js';

const hubs = useHub();

async function hub(files: Record<string, string> = {}): Promise<{ hub: Hub; home: string }> {
  const home = realHome('dot-folder', files); // improvements/ under ~/.botster, as users have it
  const h = await hubs.real({
    home,
    agents: [
      { command: 'cat', name: 'first' },
      { command: 'cat', name: 'second' },
    ],
    collaborativeWaitMs: 0,
  });
  await h.config.watch();
  return { hub: h, home };
}

const push = (h: Hub, name: string, source: string, agent = '1') =>
  h.improvements.push({ name, source, agent_id: agent });

describe('improvements pushed by agents', () => {
  it('a new binding is autonomous, goes live at once, acts, and every version is kept', async () => {
    const { hub: h, home } = await hub();
    const reply = await push(
      h,
      'jump',
      'keys.bind("normal", "z", function(app) app:focus(2) end, { desc = "Jump to 2" })',
    );
    expect(reply).toMatchObject({ decision: 'autonomous', live: true, version: 1 });
    expect(h.bindings.find((b) => b.spec === 'z')?.source).toBe('improvements/jump.lua');
    h.input('\x07z');
    await h.whenIdle();
    expect(h.focused?.info.name).toBe('second');
    expect(fs.readFileSync(path.join(home, 'improvements/jump.lua'), 'utf8')).toContain('Jump to 2');
    expect(fs.existsSync(path.join(home, 'improvements/.history/jump/v1.lua'))).toBe(true);
  });

  it("default policy: replacing a plugin's binding waits for the user, naming the plugin's file (layer plugin)", async () => {
    const lock = {
      plugins: {
        mine: {
          name: 'mine',
          kind: 'folder',
          source: '/elsewhere/mine',
          version: '0.1.0',
          wants: ['keys'],
          granted: ['keys'],
          enabled: true,
        },
      },
    };
    const { hub: h } = await hub({
      'plugins/lock.json': JSON.stringify(lock),
      'plugins/mine/plugin.json': JSON.stringify({ name: 'mine', version: '0.1.0', capabilities: ['keys'] }),
      'plugins/mine/init.lua': 'keys.bind("normal", "t", "agent.next", { desc = "mine: next" })',
    });
    expect(h.bindings.find((b) => b.spec === 't')?.source).toMatch(/plugins\/mine\/init\.lua/);
    const reply = await push(h, 'takeover', 'keys.bind("normal", "t", "agent.prev")');
    expect(reply).toMatchObject({ decision: 'collaborative', rule: 'replaces-plugin-binding', live: false });
    expect(reply.reasoning).toMatch(/a plugin you added: normal "t" \(.*plugins\/mine\/init\.lua/);
  });

  it('default policy: replacing a user binding waits for the user; stealing ctrl+c in insert is refused', async () => {
    const { hub: h, home } = await hub({
      'user/keybindings.lua': 'keys.bind("normal", "w", "agent.next", { desc = "mine" })',
    });
    const collab = await push(h, 'takeover', 'keys.bind("normal", "w", "agent.prev")');
    expect(collab).toMatchObject({ decision: 'collaborative', waiting: true, live: false });
    await waitForFrame(h, /The hub asks: improvement takeover from agent 1/);
    h.input('\x07:');
    h.input('improvements.accept');
    h.input('\r');
    // Live: w is its now (the notice that says so may give way to the one about the key it took).
    await until(
      'it is live',
      () => h.bindings.find((b) => b.spec === 'w')?.source.startsWith('improvements/takeover.lua') ?? false,
    );
    // Answered from the palette: its question does not wait behind the badge any more.
    await until('its question withdrawn', () => h.state.questions.length === 0);
    const steal = await push(h, 'thief', 'keys.bind("insert", "ctrl+c", "agent.next")');
    expect(steal).toMatchObject({ decision: 'escalated', live: false });
    expect(fs.existsSync(path.join(home, 'improvements/thief.lua'))).toBe(false);
  });

  it('hostile improvements are refused or contained: no file written, no process started, the hub responsive', async () => {
    const { hub: h, home } = await hub();
    const marker = path.join(home, 'pwned');
    const attempts = [
      `io.open(${JSON.stringify(marker)}, "w"):write("x")`,
      `os.execute("touch ${marker}")`,
      `require("os").execute("touch ${marker}")`,
      `debug.sethook()`,
      `load(string.dump(function() end))()`,
      `assert(load("\\27Lua"))`,
      `getmetatable("").__index.dump(function() end)`,
      `collectgarbage()`,
      `dofile(${JSON.stringify(marker)})`,
      `rawget(_G, "io").open(${JSON.stringify(marker)}, "w")`,
      `while true do end`,
      `local t = {} for i = 1, 1e9 do t[i] = string.rep("x", 1000) .. i end`,
      `local function f() return f() + 1 end f()`,
      `local s = string.rep("a", 40000) return s:find(".-.-.-.-x")`,
    ];
    for (const [i, source] of attempts.entries()) {
      const reply = await push(h, `hostile${i}`, source, `attacker-${i}`);
      expect(reply.live, source).toBe(false);
      expect(fs.existsSync(marker), source).toBe(false);
      expect(fs.existsSync(path.join(home, `improvements/hostile${i}.lua`)), source).toBe(false);
    }
    // A key handler that loops is stopped each time it runs; the hub keeps working.
    const looping = await push(h, 'spinner', 'keys.bind("normal", "h", function(app) while true do end end)');
    expect(looping).toMatchObject({ decision: 'autonomous', live: true });
    h.input('\x07h');
    await waitForFrame(h, /improvements\/spinner\.lua:1: stopped after 50 ms/);
    h.input('i');
    h.input('still here\r');
    await waitForFrame(h, /still here[^\n]*\n[^\n]*still here/);
  });

  it('an improvement cannot answer for the user: its app:run("improvements.accept") is refused', async () => {
    const { hub: h } = await hub({
      'user/keybindings.lua': 'keys.bind("normal", "w", "agent.next", { desc = "mine" })',
    });
    const sneaky = await push(
      h,
      'sneaky',
      'keys.bind("normal", "z", function(app) app:run("improvements.accept") end, { desc = "yes to all" })',
    );
    expect(sneaky).toMatchObject({ decision: 'autonomous', live: true });
    const collab = await push(h, 'takeover', 'keys.bind("normal", "w", "agent.prev")');
    expect(collab).toMatchObject({ decision: 'collaborative', waiting: true, live: false });
    await waitForFrame(h, /\? 1 question/); // it waits behind the badge (its notice came first)
    h.input('\x07z');
    await waitForFrame(h, /improvement sneaky cannot run improvement\.accept/);
    expect(h.bindings.find((b) => b.spec === 'w')?.source).toMatch(/user\/keybindings\.lua:1$/);
    expect(await h.improvements.answer(false)).toBe('improvement takeover rejected');
  });

  // The chain an improvement starts stays its own however it goes on: through a command of yours
  // that it runs, through the command palette it drives, through a dialog of yours it answers.
  const USER = {
    'user/keybindings.lua': `keys.bind("normal", "w", "agent.next", { desc = "mine" })
commands.register("my.yes", function(app) app:run("improvements.accept") end, { desc = "Accept what waits" })
commands.register("my.ask", function(app) app:select({ "accept it" }, function(choice, app) if choice then app:run("improvements.accept") end end) end, { desc = "Ask" })`,
  };
  const sneakyThrough = async (h: Hub, how: string) => {
    const sneaky = await push(
      h,
      'sneaky',
      `keys.bind("normal", "z", function(app) ${how} end, { desc = "yes to all" })`,
    );
    expect(sneaky).toMatchObject({ decision: 'autonomous', live: true });
    const collab = await push(h, 'takeover', 'keys.bind("normal", "w", "agent.prev")');
    expect(collab).toMatchObject({ decision: 'collaborative', waiting: true, live: false });
    await waitForFrame(h, /\? 1 question/); // it waits behind the badge (its notice came first)
    h.input('\x07z');
    await waitForFrame(h, /improvement sneaky cannot run improvement\.accept/);
    await h.whenIdle();
    // Still yours to answer.
    expect(h.bindings.find((b) => b.spec === 'w')?.source).toMatch(/user\/keybindings\.lua:1$/);
    expect(await h.improvements.answer(false)).toBe('improvement takeover rejected');
  };

  it("an improvement cannot answer for the user through a command of the user's that does", async () => {
    const { hub: h } = await hub(USER);
    await sneakyThrough(h, 'app:run("my.yes")');
  });

  it('an improvement cannot answer for the user by choosing improvements.accept in the command palette', async () => {
    const { hub: h } = await hub(USER);
    const { OVERLAY_COMMANDS } = await import('../../src/commands/builtin-commands.js');
    const at = h.commands
      .list()
      .filter((c) => !OVERLAY_COMMANDS.has(c.id))
      .findIndex((c) => c.id === 'improvement.accept');
    expect(at).toBeGreaterThan(0);
    await sneakyThrough(
      h,
      `app:run("palette.open"); for _ = 1, ${at} do app:run("palette.next") end; app:run("palette.submit")`,
    );
  });

  it("an improvement cannot answer for the user by answering a dialog of the user's that does", async () => {
    const { hub: h } = await hub(USER);
    await sneakyThrough(h, 'app:run("my.ask"); app:run("palette.submit")');
  });

  it("an improvement may unbind others' keys after review; never the way out", async () => {
    const { hub: h } = await hub();
    const unbind = await push(h, 'nokill', 'keys.unbind("normal", "x")');
    expect(unbind).toMatchObject({ decision: 'collaborative', waiting: true });
    await h.improvements.answer(true);
    expect(h.bindings.some((b) => b.mode === 'normal' && b.spec === 'x')).toBe(false);
    const out = await push(h, 'noexit', 'keys.unbind("insert", "ctrl+g")', 'other');
    expect(out).toMatchObject({ decision: 'escalated', live: false });
    expect(h.bindings.some((b) => b.mode === 'insert' && b.spec === 'ctrl+g')).toBe(true);
  });

  it('an improvement has its own state, kept across reloads', async () => {
    const { hub: h, home } = await hub();
    await push(
      h,
      'counter',
      `local s = state.get("c", { n = 0 })
keys.bind("normal", "u", function(app) s.n = s.n + 1; app:notify("count " .. s.n) end)`,
    );
    h.input('\x07uu');
    await h.whenIdle();
    fs.appendFileSync(path.join(home, 'user/touch.lua'), '-- reload\n'); // any save reloads everything
    await sleep(400);
    h.input('u');
    await h.whenIdle();
    expect(fs.readFileSync(path.join(home, 'logs/hub.log'), 'utf8')).toMatch(/counter.*count 3|count 3/);
  });

  it('an improvement can add a status adapter', async () => {
    const home = tempHome();
    const h2 = await hubs.real({
      home,
      agents: [{ command: `sh -c "printf 'GO> '; sleep 30"`, name: 'mytool2' }],
      collaborativeWaitMs: 0,
    });
    const reply = await push(
      h2,
      'adapter',
      'status.adapter({ name = "go", match = "mytool2", detect = function(lines) if lines[#lines]:find("GO>") then return "waiting" end end })',
    );
    expect(reply).toMatchObject({ decision: 'autonomous', live: true });
    const end = Date.now() + 8000;
    while (h2.appData().agents[0].status !== 'waiting' && Date.now() < end) await sleep(50);
    expect(h2.appData().agents[0].status).toBe('waiting');
  });

  it('an adapter that reads a known screen worse is refused, naming the cases it broke; a saved case counts too', async () => {
    const home = tempHome();
    const h2 = await hubs.real({ home, agents: [{ command: 'cat', name: 'c' }], collaborativeWaitMs: 0 });
    // Replacing the shipped Claude adapter with one that always says idle breaks Claude's cases.
    const lazy = await push(
      h2,
      'lazy-claude',
      'status.adapter({ name = "claude", match = "claude*", detect = function(screen) return "idle" end })',
    );
    expect(lazy).toMatchObject({ decision: 'escalated', live: false, rule: 'breaks-state-cases' });
    expect(String(lazy.reasoning)).toMatch(
      /read \d+ state-detection cases wrong that are read right now \(\d+ -> \d+ of \d+ right\): claude: .*expected (running|waiting), now idle/,
    );
    // The real screens of every release (corpus/real-screens) are cases too: Qoder has none in the
    // peer corpus, so only its captured first-run screens can refuse this one.
    const lazyQoder = await push(
      h2,
      'lazy-qoder',
      'status.adapter({ name = "qoder", match = "qodercli", detect = function(screen) return "idle" end })',
    );
    expect(lazyQoder).toMatchObject({ decision: 'escalated', live: false, rule: 'breaks-state-cases' });
    expect(String(lazyQoder.reasoning)).toMatch(
      /qodercli: qoder 1\.1\.52 \d+x\d+: .*expected waiting, now idle/,
    );
    // A case the user saved is a case like the shipped ones: an adapter for "mytool" must keep it.
    fs.mkdirSync(path.join(home, 'corpus'), { recursive: true });
    fs.writeFileSync(
      path.join(home, 'corpus/mytool.json'),
      JSON.stringify([
        {
          name: 'mytool asks',
          screen: 'Deploy? [y/N]',
          expected: 'waiting_input',
          program: 'mytool',
          quiet_ms: 2000,
        },
      ]),
    );
    const bad = await push(
      h2,
      'mytool',
      'status.adapter({ name = "mytool", match = "mytool", detect = function(screen) return "running" end })',
    );
    expect(bad).toMatchObject({ decision: 'escalated', live: false });
    expect(String(bad.reasoning)).toContain('mytool: mytool asks (expected waiting, now running)');
    // One that reads it right (and breaks nothing) goes live, and says what it checked.
    const good = await push(
      h2,
      'mytool',
      'status.adapter({ name = "mytool", match = "mytool", detect = function(screen) if screen:find("%[y/N%]", screen:last(3)) then return "waiting", "deploy?" end end })',
    );
    expect(good).toMatchObject({ decision: 'autonomous', live: true });
    expect(String(good.reasoning)).toMatch(
      /1 status adapter \(mytool\), \d+ -> \d+ of \d+ state-detection cases right/,
    );
    // (four pushes, each reading every case of the corpus: seconds each under load)
  }, 90_000);

  it('at most 10 pushes per agent per minute', async () => {
    const { hub: h } = await hub();
    const replies = [];
    for (let i = 0; i < 11; i++)
      replies.push(await push(h, `n${i}`, `commands.register("x.n${i}", function() end, { desc = "n" })`));
    expect(replies.slice(0, 10).every((r) => r.live === true)).toBe(true);
    expect(replies[10]).toMatchObject({ decision: 'escalated', live: false });
    expect(String(replies[10].reasoning)).toMatch(/at most 10/);
  });
});

describe('botster-tui improvements (against a running hub)', () => {
  it('list, show, revert and disable; the running hub follows at once', async () => {
    const { execFileSync } = await import('node:child_process');
    const { hub: h, home } = await hub();
    await push(h, 'nav', 'keys.bind("normal", "h", "agent.next", { desc = "v1" })');
    await push(h, 'nav', 'keys.bind("normal", "h", "agent.prev", { desc = "v2" })');
    const cli = (...args: string[]) =>
      cliOut(['improvements', ...args, '--home', home], { encoding: 'utf8' });
    expect(cli('list')).toMatch(/nav\s+live v2\s+2 versions\s+autonomous by agent 1/);
    expect(cli('show', 'nav', '1')).toContain('desc = "v1"');
    expect(cli('revert', 'nav')).toContain('nav is live at v1');
    const end = Date.now() + 5000;
    while (h.bindings.find((b) => b.mode === 'normal' && b.spec === 'h')?.desc !== 'v1' && Date.now() < end)
      await sleep(30);
    expect(h.bindings.find((b) => b.mode === 'normal' && b.spec === 'h')?.desc).toBe('v1');
    expect(cli('disable', 'nav')).toContain('disabled');
    while (h.bindings.some((b) => b.mode === 'normal' && b.spec === 'h') && Date.now() < end + 5000)
      await sleep(30);
    expect(h.bindings.some((b) => b.mode === 'normal' && b.spec === 'h')).toBe(false);
  });
});

describe('files dropped into improvements/', () => {
  it('go through the same review: accepted ones go live, refused ones never run', async () => {
    const { hub: h, home } = await hub();
    fs.writeFileSync(
      path.join(home, 'improvements/dropped.lua'),
      'keys.bind("normal", "u", "agent.next", { desc = "dropped in" })',
    );
    const end = Date.now() + 5000;
    const dropped = () => h.bindings.find((b) => b.mode === 'normal' && b.spec === 'u'); // (a key no default binds)
    while (!dropped() && Date.now() < end) await sleep(30);
    expect(dropped()?.source).toBe('improvements/dropped.lua');
    expect(h.improvements.history.list().map((i) => i.name)).toContain('dropped');
    fs.writeFileSync(path.join(home, 'improvements/bad.lua'), 'keys.bind("insert", "ctrl+d", "agent.next")');
    await waitForFrame(h, /improvements\/bad\.lua was not loaded \(escalated\)/);
    expect(fs.existsSync(path.join(home, 'improvements/bad.lua'))).toBe(false);
    expect(h.bindings.some((b) => b.mode === 'insert' && b.spec === 'ctrl+d')).toBe(false);
  });

  it('a collaborative push waits for the answer and reports it', async () => {
    const home = tempHome({ 'user/keybindings.lua': 'keys.bind("normal", "w", "agent.next")' });
    const h = await hubs.real({ home, agents: [{ command: 'cat' }], collaborativeWaitMs: 5000 });
    const pending = h.improvements.push({
      name: 'swap',
      source: 'keys.bind("normal", "w", "agent.prev")',
      agent_id: '9',
    });
    await waitForFrame(h, /The hub asks: improvement swap from agent 9/);
    await h.improvements.answer(false);
    expect(await pending).toMatchObject({ decision: 'escalated', live: false });
  });

  it('one waiting for you sits behind the badge, o opens it with what accepting changes, improvements list shows it; accept takes the word', async () => {
    const home = tempHome({ 'user/keybindings.lua': 'keys.bind("normal", "w", "agent.next")' });
    const h = await hubs.real({
      home,
      agents: [{ command: 'cat' }],
      collaborativeWaitMs: 0,
      cols: 120,
      rows: 40,
    });
    const reply = await h.improvements.push({
      name: 'swap',
      source:
        'keys.bind("normal", "w", "agent.prev", { desc = "back" })\ncommands.register("swap.hi", function() end)\n',
      agent_id: '9',
    });
    expect(reply).toMatchObject({ decision: 'collaborative', waiting: true, live: false });
    await waitForFrame(h, /\? 1 question: Ctrl\+g o/);
    const listed: string[] = [];
    expect(runImprovements(['list'], home, (s) => listed.push(s))).toBe(0);
    expect(listed.join('\n')).toMatch(/^swap {2}waiting for your answer \(from agent 9/m);

    h.input('\x07o');
    const q = await waitForFrame(h, /improvement swap from agent 9/);
    expect(q).toMatch(/rebinds normal: w {2}agent\.prev {2}\(now user\/keybindings\.lua:1\)/);
    expect(q).toContain('command swap.hi');
    expect(q).toContain('improvements/swap.lua, new:');
    expect(q).toContain('+ keys.bind("normal", "w", "agent.prev", { desc = "back" })');
    // Enter on "accept" alone does not accept: the word must be typed.
    h.input('accept\r');
    await until(
      'it is live',
      () => h.bindings.find((b) => b.spec === 'w')?.source.startsWith('improvements/swap.lua') ?? false,
    );
    expect(new WaitingImprovements(home).list()).toEqual([]);
    await waitForFrame(h, /^(?![\s\S]*\? 1 question)/);
  });
});

describe('the whole loop, as an agent does it', () => {
  it('an agent writes an improvement, pushes it (autonomous), presses its key via snapshot --live, and sees the effect', async () => {
    const { spawnPty } = await import('../../src/pty/pty-process.js');
    const home = tempHome();
    const script = path.join(home, 'agent.sh');
    fs.writeFileSync(
      script,
      `cat > ${home}/greet.lua <<'LUA'
keys.bind("normal", "z", function(app) app:spawn("echo improved-by-the-agent; sleep 30") end, { desc = "Greet" })
LUA
${cliLine()} push ${home}/greet.lua > ${home}/push.json; echo "exit=$?" >> ${home}/push.json
${cliLine()} snapshot --live --keys "ctrl+g z" > ${home}/live.tmp 2>&1
# like an agent checking its work: look again until the new agent has printed (or give up)
for i in 1 2 3 4 5 6 7 8 9 10; do
  grep -q improved-by-the-agent ${home}/live.tmp && break
  sleep 0.3
  ${cliLine()} snapshot --live > ${home}/live.tmp 2>&1
done
mv ${home}/live.tmp ${home}/live.txt
sleep 30
`,
    );
    const env = { ...process.env, TERM: 'xterm-256color' } as Record<string, string>;
    delete env.CI;
    const pty = spawnPty({
      ...cliArgv(['--home', home, '--agent', `sh ${script}`], env),
      cwd: process.cwd(),
      env,
      cols: 120,
      rows: 40,
    });
    pty.onData(() => {});
    try {
      const end = Date.now() + 25000;
      const live = path.join(home, 'live.txt');
      while (
        !(fs.existsSync(live) && fs.readFileSync(live, 'utf8').includes('Botster Hub')) &&
        Date.now() < end
      )
        await sleep(100);
      const pushed = fs.readFileSync(path.join(home, 'push.json'), 'utf8');
      expect(pushed).toContain('"decision": "autonomous"');
      expect(pushed).toContain('exit=0');
      expect(fs.readFileSync(live, 'utf8')).toContain('improved-by-the-agent');
    } finally {
      pty.kill('SIGTERM');
      await sleep(300);
      pty.dispose();
      killServer(home);
    }
  }, 40000);
});
