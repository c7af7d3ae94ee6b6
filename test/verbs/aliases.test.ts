// A family's verbs are named object first (review.comment, improvement.revert); their older names
// (review_comment, improvement_revert) still work, through the one alias table (src/wire/verb-aliases.ts).
// Each old and new name is asked of a real hub through its socket, Lua's door (answerVerb, what
// app:call runs) and the real CLI, and the answers are compared as returned.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commentHub, verb } from '../review/comment-hub.js';
import { exec } from '../app/fleet-helpers.js';
import { BIN } from '../app/cli-pty.js';
import { controlHandler } from '../../src/server/control.js';
import { ControlServer } from '../../src/server/control-socket.js';
import { controlRequest } from '../../src/wire/control-client.js';
import { VERB_ALIASES, aliasesOf, mcpToolName } from '../../src/wire/verb-aliases.js';
import { VERBS, verbNamed } from '../../src/verbs/table.js';
import { VERB_TOOLS } from '../../src/mcp/verb-tools.js';
import { VERB_CLI } from '../../src/cli/verb-cli.js';

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
  const cli = (...args: string[]) =>
    exec(process.execPath, [BIN, ...args], { BOTSTER_HOME: home, BOTSTER_SOCKET: socket });
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
