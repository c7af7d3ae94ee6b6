import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempHome } from '../support/homes.js';
import { until } from '../support/wait.js';
import { killServer, killKeepers } from '../support/cli-pty.js';
import { findNative } from '../../src/wire/find-native.js';
import { controlRequest } from '../../src/wire/control-client.js';
import { cliSpawn, cliLine, cliSync } from '../support/cli.js';

// The agent-side commands through the native client (src/native/client/forward.c -> the server's `cli`
// op, src/cli/forwarded.ts) against a real hub server with a real agent: each command line gives
// the same bytes and exit code as the node client's (BOTSTER_NATIVE_CLIENT=0), the server ran it
// (the client says so in BOTSTER_TRACE), and the kernel still tells who asks: inside an agent the
// native client is that agent, whatever its environment says.

const native = findNative('botster-tui').path;
const root = tempHome();
const home = path.join(root, 'my hub', '.botster');
const work = path.join(root, 'a folder');
const inside = path.join(root, 'inside');
const trace = path.join(root, 'trace.log');
const PRE_TOOL = JSON.stringify({
  hook_event_name: 'PreToolUse',
  session_id: 'sess-1',
  tool_name: 'Bash',
  tool_input: { command: 'make test' },
});

function cli(args: string[], opts: { native: boolean; stdin?: string; env?: Record<string, string> }) {
  const env: Record<string, string | undefined> = {
    ...process.env,
    CI: 'true',
    BOTSTER_HOME: home,
    BOTSTER_TRACE: trace,
    HOME: root,
    ...opts.env,
  };
  delete env.BOTSTER_SOCKET;
  delete env.BOTSTER_AGENT_ID;
  delete env.TMUX_PANE;
  if (!opts.native) env.BOTSTER_NATIVE_CLIENT = '0';
  fs.rmSync(trace, { force: true });
  const r = cliSync(args, { launcher: true, cwd: work, env, input: opts.stdin ?? '', timeout: 20000 });
  const ran = fs.existsSync(trace) && /client: the server ran /.test(fs.readFileSync(trace, 'utf8'));
  return { code: r.status, out: r.stdout, err: r.stderr, ran };
}

// The agent runs these itself (its own botster-tui, the native one), then waits.
const agentScript = [
  'cd "$INSIDE"',
  '"$BOTSTER_HOME/bin/botster-tui" whoami > whoami.native',
  `${cliLine()} whoami > whoami.node`,
  // Its environment says nothing of the agent: the kernel still does.
  'env -u BOTSTER_AGENT_ID -u TMUX_PANE "$BOTSTER_HOME/bin/botster-tui" whoami > unset.native',
  'tmux display-message -p "#{pane_id} #{session_name}" > tmux.native',
  `printf '%s' '${PRE_TOOL}' | "$BOTSTER_HOME/bin/botster-tui" report --if-in-hub --stdin --state running; echo $? > report.code`,
  'echo ready > done',
  'exec cat',
].join('; ');

describe.skipIf(!native)('agent-side commands through the native client', () => {
  beforeAll(async () => {
    fs.mkdirSync(work, { recursive: true });
    fs.mkdirSync(inside, { recursive: true });
    const env = { ...process.env, CI: 'true', HOME: root, INSIDE: inside } as Record<
      string,
      string | undefined
    >;
    delete env.BOTSTER_SOCKET;
    delete env.BOTSTER_AGENT_ID;
    const server = cliSpawn(['server', '--home', home, '--agent', `sh -c '${agentScript}'`], {
      env: env as NodeJS.ProcessEnv,
      stdio: 'ignore',
      detached: true,
    });
    server.unref();
    await until('the agent ran its commands', () => fs.existsSync(path.join(inside, 'done')), 30000);
    // (and is cat now: a list read while its script still ran would name another program)
    await until(
      'the agent is cat',
      () => /"program":"cat"/.test(cli(['agents', '--json'], { native: false }).out),
      10000,
    );
  }, 40000);
  afterAll(() => {
    killServer(home, { ...process.env, HOME: root });
    killKeepers(home);
  });

  const same: Array<[string, string[], string?]> = [
    ['agents', ['agents']],
    ['agents --json', ['agents', '--json']],
    // (--home after the command names the socket as before it: a script's `agents --json --home DIR`)
    ['agents --json --home DIR', ['agents', '--json', '--home', home]],
    ['agents --home=DIR', ['agents', `--home=${home}`]],
    ['whoami', ['whoami']],
    ['read', ['read', '1']],
    ['read of no agent', ['read', '9']],
    ['status of no agent', ['status', '9']],
    ['send of no agent', ['send', '9', 'hi']],
    ['send with no text', ['send', '1']],
    ['wait, already there', ['wait', '1', '--until', 'idle,running,done,waiting', '--timeout', '5']],
    ['an argument too many', ['agents', 'extra']],
    ['a bad flag', ['report', '--stat', 'running']],
    ['report --help', ['report', '--help']],
    ['report of a bad state', ['report', '--state', 'zzz', '1']],
    ['report outside an agent', ['report', '--state', 'running']],
    ['a hook outside an agent', ['report', '--if-in-hub', '--stdin', '--state', 'running'], PRE_TOOL],
    ['report with the hook JSON', ['report', '--stdin', '--json', '1'], PRE_TOOL],
    ['statusline with bad JSON', ['statusline', 'claude'], 'not json'],
    ['message-hook', ['message-hook', '--config', 'nowhere'], '{}'],
    ['tmux display-message -p', ['tmux', 'display-message', '-p', '-t', '%1', '#{pane_id} #{session_name}']],
    ['tmux list-panes -F', ['tmux', 'list-panes', '-F', '#{pane_id} #{pane_index} #{pane_current_command}']],
    ['tmux without a target', ['tmux', 'display-message', '-p', '#{pane_id}']],
    ['tmux, an unknown command', ['tmux', 'frobnicate']],
  ];
  it.each(same)('%s: the same output and exit code as the node client', (_name, args, stdin) => {
    let viaNode = cli(args, { native: false, stdin });
    let viaNative = cli(args, { native: true, stdin });
    expect(viaNode.ran).toBe(false);
    expect(viaNative.ran).toBe(true);
    const seen = (r: typeof viaNode) => ({ code: r.code, out: r.out, err: r.err });
    // (the agents' list tells each agent's state as it is, with the time it began: one that changed
    // between the two reads, or changed again, is read once more both ways, until it held still)
    for (let i = 0; i < 5 && args[0] === 'agents'; i++) {
      if (JSON.stringify(seen(viaNative)) === JSON.stringify(seen(viaNode))) break;
      viaNative = cli(args, { native: true, stdin });
      viaNode = cli(args, { native: false, stdin });
    }
    expect(seen(viaNative)).toEqual(seen(viaNode));
  });

  it('a second --home goes to node, which says it is set twice', () => {
    const args = ['agents', '--home', home, '--home', home];
    const viaNative = cli(args, { native: true });
    expect(viaNative.ran).toBe(false);
    expect(viaNative.code).toBe(2);
    expect(viaNative.err).toMatch(/--home can only be set once/);
  });

  it("statusline: the user's own line runs in the caller's folder with its environment, as from node", () => {
    fs.mkdirSync(path.join(root, '.claude'), { recursive: true });
    fs.writeFileSync(
      path.join(root, '.claude', 'settings.json'),
      JSON.stringify({ statusLine: { type: 'command', command: 'printf "%s|%s|" "$MARK" "$(pwd)"; cat' } }),
    );
    const input = JSON.stringify({ model: { display_name: 'M' } });
    const env = { MARK: 'mine' };
    const viaNode = cli(['statusline', 'claude'], { native: false, stdin: input, env });
    const viaNative = cli(['statusline', 'claude'], { native: true, stdin: input, env });
    fs.rmSync(path.join(root, '.claude'), { recursive: true });
    expect(viaNative.ran).toBe(true);
    expect(viaNative.out).toBe(`mine|${work}|${input}`);
    expect(viaNative).toMatchObject({ code: viaNode.code, out: viaNode.out, err: viaNode.err });
  });

  it("an agent's own botster-tui (the native client's copy in the home's bin): the status line gets NODE_EXTRA_CA_CERTS back", () => {
    fs.mkdirSync(path.join(root, '.claude'), { recursive: true });
    fs.writeFileSync(
      path.join(root, '.claude', 'settings.json'),
      JSON.stringify({ statusLine: { type: 'command', command: 'printf "ca=%s" "$NODE_EXTRA_CA_CERTS"' } }),
    );
    const env: Record<string, string | undefined> = {
      ...process.env,
      CI: 'true',
      HOME: root,
      BOTSTER_HOME: home,
      BOTSTER_TRACE: trace,
      NODE_EXTRA_CA_CERTS: '/some/where/my ca.pem',
    };
    delete env.BOTSTER_SOCKET;
    fs.rmSync(trace, { force: true });
    const r = spawnSync(path.join(home, 'bin', 'botster-tui'), ['statusline', 'claude'], {
      cwd: work,
      env: env as NodeJS.ProcessEnv,
      input: JSON.stringify({ model: { display_name: 'M' } }),
      encoding: 'utf8',
    });
    fs.rmSync(path.join(root, '.claude'), { recursive: true });
    expect(r.stdout).toBe('ca=/some/where/my ca.pem');
    expect(fs.readFileSync(trace, 'utf8')).toMatch(/client: the server ran /);
  });

  it('inside an agent it is that agent, told by the kernel, even with the environment unset', () => {
    const read = (f: string) => fs.readFileSync(path.join(inside, f), 'utf8');
    expect(read('whoami.native')).toMatch(/agent/);
    expect(read('whoami.native')).toBe(read('whoami.node'));
    expect(read('unset.native')).toBe(read('whoami.native'));
    expect(read('tmux.native')).toBe('%1 botster\n');
    expect(read('report.code').trim()).toBe('0');
    // the hook's report reached the hub: the agent runs `make test`
    const rows = JSON.parse(cli(['agents', '--json'], { native: true }).out) as Array<{
      reason: string | null;
      session: string | null;
    }>;
    expect(rows[0]).toMatchObject({ session: 'sess-1' });
  });

  it('push FILE: read by the client, run by the server, answered as node answers', () => {
    const lua = (key: string) =>
      `keys.bind("normal", "${key}", function(app) app:notify("pushed") end, { desc = "pushed" })\n`;
    fs.writeFileSync(path.join(work, 'via-native.lua'), lua('f5'));
    fs.writeFileSync(path.join(work, 'via-node.lua'), lua('f6'));
    const viaNative = cli(['push', 'via-native.lua'], { native: true });
    const viaNode = cli(['push', 'via-node.lua'], { native: false });
    expect(viaNative.ran).toBe(true);
    expect({ code: viaNative.code, err: viaNative.err }).toEqual({ code: 0, err: '' });
    expect(JSON.parse(viaNative.out)).toMatchObject({ decision: 'autonomous', live: true, version: 1 });
    expect(JSON.parse(viaNative.out.replaceAll('f5', 'f6').replaceAll('via-native', 'via-node'))).toEqual(
      JSON.parse(viaNode.out),
    );
    // A bad name: the server says it as node does. A file it cannot read: node's (never the server's).
    fs.writeFileSync(path.join(work, 'Bad Name.lua'), lua('f7'));
    for (const args of [
      ['push', 'Bad Name.lua'],
      ['push', 'missing.lua'],
      ['push', 'a.lua', 'b.lua'],
    ]) {
      const n = cli(args, { native: true });
      const o = cli(args, { native: false });
      expect({ code: n.code, out: n.out, err: n.err }).toEqual({ code: o.code, out: o.out, err: o.err });
      expect(n.ran).toBe(args[1] === 'Bad Name.lua');
    }
  });

  it("the server reads no file for a push: what the client sent, or nothing (node's then)", async () => {
    const file = path.join(work, 'swapped.lua');
    fs.writeFileSync(file, 'commands.register("from.disk", function() end, { desc = "disk" })\n');
    const sent = 'commands.register("as.sent", function() end, { desc = "sent" })\n';
    const ask = (extra: Record<string, unknown>) =>
      controlRequest(
        path.join(home, 'hub.sock'),
        { op: 'cli', argv: ['push', file], cwd: work, env: { HOME: root, BOTSTER_HOME: home }, ...extra },
        { timeoutMs: 20000 },
      );
    const r = await ask({ file: Buffer.from(sent).toString('base64') });
    const answer = JSON.parse(Buffer.from(String(r.out), 'base64').toString('utf8'));
    expect(answer.registered.commands).toEqual([expect.objectContaining({ id: 'as.sent' })]);
    expect(await ask({})).toMatchObject({
      ok: false,
      reason: 'elsewhere',
      error: 'not run by the server: push without its file',
    });
  });

  it('a command line the server does not run (another home) goes to node, stdin and all', () => {
    const other = path.join(root, 'no hub here');
    const r = cli(['report', '--stdin', '--state', 'running', '1'], {
      native: true,
      stdin: PRE_TOOL,
      env: { BOTSTER_HOME: other },
    });
    expect(r.ran).toBe(false);
    expect(r).toMatchObject({ code: 3, err: `botster-tui report: no hub server is running for ${other}\n` });
  });
});
