// A family's verbs are named object first (review.comment, improvement.revert); their older names
// (review_comment, improvement_revert) still work, through the one alias table (src/wire/verb-aliases.ts).
// Each old and new name is asked of a real hub through its socket, Lua's door (answerVerb, what
// app:call runs) and the real CLI, and the answers are compared as returned.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commentHub, verb } from '../support/comment-hub.js';
import { controlHandler } from '../../src/server/control.js';
import { ControlServer } from '../../src/server/control-socket.js';
import { controlRequest } from '../../src/wire/control-client.js';
import { VERB_ALIASES, aliasesOf, mcpToolName } from '../../src/wire/verb-aliases.js';
import { VERBS, verbNamed } from '../../src/verbs/table.js';
import { VERB_TOOLS } from '../../src/mcp/verb-tools.js';
import { VERB_CLI } from '../../src/cli/verb-cli.js';
import { cliExec } from '../support/cli.js';
import { useHub } from '../support/use-hub.js';
import { until } from '../support/wait.js';

const servers: ControlServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** The comment hub with its control socket, and the real CLI against it. */
async function served() {
  const { hub, home } = await commentHub();
  const socket = path.join(home, 'hub.sock');
  const server = new ControlServer({ path: socket, handler: controlHandler(hub.control) });
  await server.listen();
  servers.push(server);
  const ask = async (op: string, args: Record<string, unknown>) => {
    const { id: _id, v: _v, ...reply } = await controlRequest(socket, { op, ...args, home });
    return reply;
  };
  const cli = (...args: string[]) => cliExec([...args], { BOTSTER_HOME: home, BOTSTER_SOCKET: socket });
  return { hub, ask, cli };
}

describe('the old names of renamed verbs', () => {
  it('are one table: each names a verb, which is the same verb as its new name', () => {
    expect(Object.keys(VERB_ALIASES).sort()).toEqual(
      [
        'improvement_revert',
        'review_comment',
        'review_comments',
        'review_edit',
        'review_send',
        // what acts on an agent, named agent. first, and the lists of what the app holds
        'new',
        'spawn',
        'start',
        'start_agent',
        'kill',
        'stop',
        'close',
        'restart',
        'focus',
        'interrupt',
        'send',
        'agents',
        'move',
        'machines',
        'improvements',
        'worktrees',
        // the palette's older ids of what are verbs now
        'agent.spawn',
        'app.quit',
        'app.stop',
        'app.suspend',
        'improvements.accept',
        'improvements.reject',
        'quit',
        // Lua's older calls of them
        'discard_worktree',
        'finish_worktree',
        'remove_worktree',
        'send_way_out',
        'trust_project',
        'untrust_project',
        'web_push',
        'worktree_status',
      ].sort(),
    );
    for (const [old, name] of Object.entries(VERB_ALIASES)) {
      expect(verbNamed(old)).toBe(verbNamed(name));
      expect(verbNamed(name)?.name).toBe(name);
      expect(aliasesOf(name)).toContain(old);
      // No verb is named as another's old name (the table would hide it).
      expect(VERBS.some((v) => v.name === old)).toBe(false);
    }
  });

  it("are MCP tools by the verb's name without its dot (the model APIs take none)", () => {
    const tools = VERB_TOOLS.map((t) => t.name);
    for (const name of [
      'review.comment',
      'review.comments',
      'review.edit',
      'review.send',
      'improvement.revert',
    ]) {
      expect(aliasesOf(name)).toContain(mcpToolName(name));
      expect(tools).toContain(mcpToolName(name));
    }
    expect(tools.filter((t) => !/^[a-zA-Z0-9_-]{1,64}$/.test(t))).toEqual([]);
    expect(VERB_CLI['review.comment'].aliases).toEqual(['review_comment']);
  });

  it('answer as the new names do, on the socket, through Lua and the CLI', async () => {
    const { hub, ask, cli } = await served();
    // review.comment makes a comment each time (c1, then c2): the same but for its id and time.
    const made = await ask('review.comment', { agent: 'worker', at: 'app.js:2', text: 'why 3' });
    const again = await ask('review_comment', { agent: 'worker', at: 'app.js:2', text: 'why 3' });
    expect(made).toMatchObject({ ok: true, comment: { id: 'c1', text: 'why 3' } });
    const { id: _a, created: _c, ...first } = made.comment as Record<string, unknown>;
    const { id: second, created: _d, ...rest } = again.comment as Record<string, unknown>;
    expect(second).toBe('c2');
    expect(rest).toEqual(first);
    // The rest change nothing twice: the answers are equal as returned.
    const same = async (name: string, args: Record<string, unknown>) => {
      const old = Object.keys(VERB_ALIASES).find((o) => VERB_ALIASES[o] === name)!;
      const socketNew = await ask(name, args);
      expect(await ask(old, args)).toEqual(socketNew);
      const luaNew = await verb(hub, name, args);
      expect(await verb(hub, old, args)).toEqual(luaNew);
      return { socket: socketNew, lua: luaNew };
    };
    const listed = await same('review.comments', { agent: 'worker' });
    expect(listed.socket).toMatchObject({ ok: true, comments: [{ id: 'c1' }, { id: 'c2' }] });
    expect(listed.lua).toEqual(listed.socket);
    // The CLI's `review comments` (review.comments' command) prints the same answer.
    const viaCli = await cli('review', 'comments', 'worker', '--json');
    expect(viaCli.stderr).toBe('');
    expect(JSON.parse(viaCli.stdout)).toEqual(listed.socket);
    const edited = await same('review.edit', { agent: 'worker', id: 'c2', text: 'and 3?' });
    expect(edited.socket).toMatchObject({ ok: true, comment: { id: 'c2', text: 'and 3?' } });
    const none = await same('improvement.revert', { name: 'nope' });
    expect(none.socket).toMatchObject({ ok: false });
    const text = await cli('review', 'comments', 'worker');
    expect(text.stdout).toBe('c1  app.js:2  new  why 3\nc2  app.js:2  new  and 3?\n');
    // send last: once sent, there is nothing left for the other name to send.
    const sent = await ask('review_send', { agent: 'worker', busy: 'now' });
    expect(sent).toMatchObject({ ok: true, sent: 2 });
    const nothing = await same('review.send', { agent: 'worker', busy: 'now' });
    expect(nothing.socket).toMatchObject({ ok: false, reason: 'nothing' });
    const viaCliSend = await cli('review', 'send', 'worker', '--busy', 'now');
    expect({ status: viaCliSend.status, stderr: viaCliSend.stderr }).toEqual({
      status: 1,
      stderr: `botster-tui review: ${String(nothing.socket.error)}\n`,
    });
  });
});

// What you wrote before the verbs were named object first: your keys (a verb or a command by its
// older name), your Lua (app:send, app:spawn, app:verb("send"), app:call("agents"), app:run of an
// older id), your override of a shipped command by its older id, and the socket's older ops.
const OLDER_KEYS = `
keys.bind("normal", "V", function(app) app:verb("send", { agent = app.focused, text = "older-verb", keys = "enter" }) end)
keys.bind("normal", "S", function(app) app:send(app.focused, "older-send", "enter") end)
keys.bind("normal", "L", function(app) app:notify("LISTED " .. #app:call("agents", {}).agents) end)
keys.bind("normal", "N", "agent.spawn", { arg = "cat" })
keys.bind("normal", "T", function(app) app:spawn({ command = "cat", name = "spawned" }) end)
keys.bind("normal", "K", { verb = "kill", agent = "focused" })
keys.bind("normal", "A", function(app) app:run("improvements.accept") end)
keys.bind("normal", "I", { verb = "interrupt", agent = 1 })
`;

describe('your keys and Lua written with the older names', { timeout: 60_000 }, () => {
  const hubs = useHub();

  it('keep working: keys bound to older ids and verb names, app:send/spawn/verb/call/run by them', async () => {
    const hub = await hubs.real({
      agents: [{ command: 'cat' }],
      files: { 'user/keybindings.lua': OLDER_KEYS },
    });
    await until('the agent runs', () => hub.agents.get('1')?.info.pid);
    const seen: string[] = [];
    hub.hubStore.subscribe((prev, next) => {
      if (next.notice && next.notice !== prev.notice) seen.push(next.notice.text);
    });
    const screen = () => [0, 1, 2, 3, 4].map((r) => hub.agents.get('1')!.terminal.rowText(r)).join('\n');
    // The older ids are the verbs' now: the bindings name them so.
    const bound = (spec: string) => hub.bindings.find((b) => b.mode === 'normal' && b.spec === spec)?.action;
    expect(bound('N')).toMatchObject({ kind: 'command', id: 'agent.new', arg: 'cat' });
    expect(bound('K')).toMatchObject({ kind: 'command', id: 'agent.kill', verb: true });
    hub.input('\x07V');
    await until('app:verb("send") typed', () => screen().includes('older-verb'));
    hub.input('\x07S');
    await until('app:send typed', () => screen().includes('older-send'));
    hub.input('\x07L');
    await until('app:call("agents") answered', () => seen.includes('LISTED 1'));
    hub.input('\x07N');
    await until('agent.spawn started cat', () => hub.agents.list().length === 2);
    hub.input('\x07T');
    await until('app:spawn started "spawned"', () =>
      hub.agents.list().some((a) => a.info.name === 'spawned' && a.info.pid),
    );
    // { verb = "kill" } stops the focused agent: the one app:spawn just started.
    const spawned = hub.agents.list().find((a) => a.info.name === 'spawned')!;
    expect(hub.state.client.focus).toBe(spawned.id);
    hub.input('\x07K');
    // its face (agent.kill) asks first, as x does, for an agent at work
    await until('agent.kill asks', () =>
      /^Stop spawned\?/.test(
        hub.state.client.overlay?.kind === 'palette' ? hub.state.client.overlay.title : '',
      ),
    );
    hub.input('stop\r');
    await until('{ verb = "kill" } stopped it', () => spawned.isExited);
    expect(hub.agents.get('1')!.isExited).toBe(false);
    // { verb = "interrupt", agent = 1 }: agent 1, not the focused one (cat ends on its ctrl+c).
    hub.input('\x07I');
    await until('interrupt reached agent 1', () => seen.some((t) => /^interrupted cat \(/.test(t)));
    // app:run of the palette's older id: the improvement.accept verb (nothing waits, it says so).
    hub.input('\x07A');
    await until('improvements.accept answered', () => seen.some((t) => /improvement/i.test(t)));
    expect(seen.filter((t) => /unknown|not a command|no command/i.test(t))).toEqual([]);
  });

  it('your command registered by an older id replaces the shipped one its key runs', async () => {
    const hub = await hubs.real({
      files: {
        'user/commands.lua': 'commands.register("agent.spawn", function(app) app:notify("MY NEW") end)',
      },
    });
    const seen: string[] = [];
    hub.hubStore.subscribe((prev, next) => {
      if (next.notice && next.notice !== prev.notice) seen.push(next.notice.text);
    });
    hub.input('\x07c'); // the shipped c: { verb = "agent.new" }, whose face is now yours
    await until('your agent.spawn ran', () => seen.includes('MY NEW'));
    expect(hub.agents.list().length).toBe(0);
  });

  it('the socket takes the older ops: new, spawn, start_agent, send, agents, kill, stop', async () => {
    const hub = await hubs.real();
    const socket = path.join(hub.opts.home, 'older.sock');
    const server = new ControlServer({ path: socket, handler: controlHandler(hub.control) });
    await server.listen();
    servers.push(server);
    const ask = (op: string, args: Record<string, unknown> = {}) =>
      controlRequest(socket, { op, ...args, home: hub.opts.home });
    for (const op of ['new', 'spawn', 'start_agent'])
      expect(await ask(op, { command: 'cat', name: op, cwd: hub.opts.home })).toMatchObject({
        ok: true,
        agent: { name: op },
      });
    expect(await ask('send', { agent: 'new', text: 'hi' })).toMatchObject({
      ok: true,
      agent: { name: 'new' },
    });
    const listed = await ask('agents');
    expect((listed.agents as Array<{ name: string }>).map((a) => a.name)).toEqual([
      'new',
      'spawn',
      'start_agent',
    ]);
    expect(await ask('kill', { agent: 'new' })).toMatchObject({ ok: true, agent: { name: 'new' } });
    expect(await ask('stop', { agent: 'spawn' })).toMatchObject({ ok: true, agent: { name: 'spawn' } });
  });
});
