import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAgent } from '../../src/agents/agent-screen.js';
import type { Hub } from '../../src/app/hub.js';
import { readSessionFile, sessionPath, type SessionAgent } from '../../src/lifecycle/session-file.js';
import { tempHome, until } from '../support/hub.js';
import { fleetHubs } from '../support/fleet.js';

// Conversations survive a restart, in a real hub with real PTYs: fake agent CLIs written for these
// tests (fixtures/fake-cli: they print a conversation id, report it as the real CLIs' hooks do, ask,
// and on --resume ID / resume ID say they resumed it) come back in their conversations through the
// shipped profiles' resume functions.

const FAKE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../support/fixtures/fake-cli');
const CLAUDE = path.join(FAKE, 'claude');
const CODEX = path.join(FAKE, 'codex');

const hubWithSocket = fleetHubs();
let store = '';
const PATH = process.env.PATH;
beforeEach(() => {
  // The agents inherit these: where the fake CLIs keep their conversations, and `claude` on PATH.
  // (Their config folders, yours: their boxes write these instead of ~/.claude and ~/.codex.)
  const config = path.join(tempHome(), 'config');
  store = path.join(config, 'fake-conversations');
  process.env.CLAUDE_CONFIG_DIR = config;
  process.env.CODEX_HOME = config;
  process.env.PATH = `${FAKE}:${PATH}`;
});
afterEach(() => {
  delete process.env.CLAUDE_CONFIG_DIR;
  delete process.env.CODEX_HOME;
  process.env.PATH = PATH;
});

const text = (hub: Hub, name: string) => {
  const a = hub.agents.list().find((x) => x.info.name === name && !x.isExited);
  return a ? readAgent(a).join('\n') : '';
};
const screenOf = (hub: Hub, name: string, re: RegExp) =>
  until(`${name} shows ${re}`, () => re.test(text(hub, name)) && text(hub, name), 20000);
const record = (home: string) => readSessionFile(sessionPath(home));
const conversationOf = (hub: Hub, name: string) =>
  /(?:new conversation|resumed) (\S+)/.exec(text(hub, name))?.[1];

describe('session.json follows the agents', () => {
  it('written when an agent starts, reports its conversation, exits; atomic and 0600; a stop says how it stopped', async () => {
    const h = await hubWithSocket();
    h.hub.sessions.record();
    expect((await h.cli(['new', '--name', 'cl', '--no-focus', '--', CLAUDE])).status).toBe(0);
    await screenOf(h.hub, 'cl', /new conversation claude-/);
    const id = conversationOf(h.hub, 'cl')!;
    const got = await until(
      'the reported id in session.json',
      () => record(h.home)?.agents.find((a) => a.name === 'cl' && a.sessions?.[0]?.id === id),
      20000,
    );
    expect(got).toMatchObject({
      command: CLAUDE,
      program: 'claude',
      sessions: [{ id, program: 'claude' }],
      started: expect.any(String),
    });
    expect(fs.statSync(sessionPath(h.home)).mode & 0o777).toBe(0o600);
    expect(record(h.home)).toMatchObject({ version: 3, pid: process.pid });
    expect(record(h.home)?.stopped).toBeUndefined();
    // Answered: what its screen says (the question, the answer) never reaches the home's files,
    // where another agent of yours could read what `read` refuses it.
    expect((await h.cli(['wait', 'cl', '--until', 'waiting', '--timeout', '20'])).stdout).toBe(
      'waiting: Do you want to proceed?\n',
    );
    expect((await h.cli(['send', 'cl', 'yes', '--keys', 'enter'])).status).toBe(0);
    await until(
      'the answer on its screen',
      async () => (await h.cli(['read', 'cl'])).stdout.includes(`${id} got: yes`),
      20000,
    );
    await h.hub.whenIdle();
    const file = fs.readFileSync(sessionPath(h.home), 'utf8');
    expect(file).toContain(id);
    expect(file).not.toContain('got: yes');
    expect(file).not.toContain('Do you want to proceed');
    expect((await h.cli(['new', '--name', 'other', '--no-focus', '--', 'cat'])).status).toBe(0);
    await until('cat recorded', () => record(h.home)?.agents.some((a) => a.name === 'other'), 20000);
    expect((await h.cli(['kill', 'cl'])).status).toBe(0);
    await until(
      'the exited agent gone from session.json',
      () =>
        record(h.home)
          ?.agents.map((a) => a.name)
          .join() === 'other',
      20000,
    );
    expect(fs.readdirSync(h.home).filter((f) => f.startsWith('session'))).toEqual(['session.json']);
    expect(h.hub.sessions.stop('kill-server', true)).toBeNull();
    expect(record(h.home)?.stopped).toMatchObject({ why: 'kill-server', clean: true });
    // Stopped: the agents going away as the hub ends do not overwrite it.
    h.hub.agents.list()[0].kill();
    await new Promise((r) => setTimeout(r, 300));
    expect(record(h.home)?.agents.map((a) => a.name)).toEqual(['other']);
  }, 60000);
});

describe('resuming recorded agents', () => {
  it('each comes back in its conversation through its profile; one whose conversation is gone says why and starts again', async () => {
    const first = await hubWithSocket();
    for (const [name, cmd] of [
      ['c1', CLAUDE],
      ['c2', CLAUDE],
      ['x1', CODEX],
    ])
      expect((await first.cli(['new', '--name', name, '--no-focus', '--', cmd])).status).toBe(0);
    for (const name of ['c1', 'c2', 'x1']) await screenOf(first.hub, name, /new conversation/);
    const ids = Object.fromEntries(['c1', 'c2', 'x1'].map((n) => [n, conversationOf(first.hub, n)!]));
    await until(
      'every conversation reported',
      () => first.hub.sessionAgents().every((a) => a.sessions?.length === 1),
      20000,
    );
    const records: SessionAgent[] = first.hub.sessionAgents();
    await first.hub.dispose();
    fs.rmSync(path.join(store, ids.c2)); // its CLI no longer knows it

    const second = await hubWithSocket([], {}, { restore: records });
    const hub = second.hub;
    await screenOf(hub, 'c1', new RegExp(`^resumed ${ids.c1}$`, 'm'));
    await screenOf(hub, 'x1', new RegExp(`^resumed ${ids.x1}$`, 'm'));
    // c2's resume failed at once: said (in a notice, logged too), and it starts again as it ran, in
    // a new conversation. (The notice goes after 15 s: on a loaded machine c1 and x1 can take that
    // long to resume, so what was said is read from the hub's log.)
    const said = `c2: resuming (${CLAUDE} --resume ${ids.c2}) failed (exit 1: "No conversation found with session ID: ${ids.c2}"); started again: ${CLAUDE}`;
    const log = path.join(second.home, 'logs/hub.log');
    await until(
      'the failed resume said',
      () => fs.existsSync(log) && fs.readFileSync(log, 'utf8').includes(said),
      20000,
    );
    await screenOf(hub, 'c2', /^new conversation claude-/m);
    expect(
      hub.agents
        .list()
        .filter((a) => !a.isExited)
        .map((a) => a.info.name)
        .sort(),
    ).toEqual(['c1', 'c2', 'x1']);
    // The conversation goes on...
    expect((await second.cli(['send', 'c1', 'more', '--keys', 'enter'])).status).toBe(0);
    await screenOf(hub, 'c1', new RegExp(`${ids.c1} got: more`));
    // ...and the record keeps what each ran first and its conversation: the next restore resumes it again.
    const again = hub.sessionAgents().find((a) => a.name === 'c1')!;
    expect(again).toMatchObject({ command: CLAUDE, sessions: [{ id: ids.c1 }] });
    expect(again.args).toBeUndefined();
    expect(hub.sessionAgents().find((a) => a.name === 'x1')).toMatchObject({
      command: CODEX,
      sessions: [{ id: ids.x1 }],
    });
    // c2's new conversation comes as its CLI reports it (another process, over the socket): its
    // screen can show it a moment before.
    const c2Session = () =>
      hub
        .sessionAgents()
        .find((a) => a.name === 'c2')
        ?.sessions?.at(-1)?.id;
    await until('c2 recorded in its new conversation', () => (c2Session() ?? ids.c2) !== ids.c2, 20000);
    expect(c2Session()).toMatch(/^claude-/);
  }, 90000);

  it('an agent typed into a shell is resumed as that CLI; a shell at its prompt and a plain command start again', async () => {
    const first = await hubWithSocket();
    expect((await first.cli(['new', '--name', 'sh1', '--no-focus', '--', 'sh'])).status).toBe(0);
    expect((await first.cli(['new', '--name', 'plain', '--no-focus', '--', 'cat'])).status).toBe(0);
    expect((await first.cli(['send', 'sh1', `exec ${CLAUDE}`, '--keys', 'enter'])).status).toBe(0);
    await screenOf(first.hub, 'sh1', /new conversation claude-/);
    const id = conversationOf(first.hub, 'sh1')!;
    await until(
      'sh1 reported',
      () => first.hub.sessionAgents().find((a) => a.name === 'sh1')?.sessions?.length === 1,
      20000,
    );
    const records = first.hub.sessionAgents();
    expect(records.find((a) => a.name === 'sh1')).toMatchObject({ command: 'sh', program: 'claude' });
    await first.hub.dispose();
    const second = await hubWithSocket([], {}, { restore: records });
    await screenOf(second.hub, 'sh1', new RegExp(`^resumed ${id}$`, 'm'));
    const sh1 = second.hub.agents.list().find((a) => a.info.name === 'sh1')!;
    expect(sh1.info.command).toBe(`claude --resume ${id}`);
    expect(second.hub.agents.list().find((a) => a.info.name === 'plain')!.info.command).toBe('cat');
  }, 60000);
});
