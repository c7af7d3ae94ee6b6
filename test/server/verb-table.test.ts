import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERBS, SSH_VERBS, verbNamed } from '../../src/verbs/table.js';
import { WHO_MAY } from '../../src/hub/who-may.js';
import { controlHandler } from '../../src/server/control.js';
import { refusal } from '../../src/hub/principal.js';
import { answerVerb } from '../../src/verbs/call.js';
import type { ControlDeps } from '../../src/verbs/ports.js';
import type { ControlContext, ControlRequest } from '../../src/wire/control-request.js';
import { sshWhere } from '../../src/cli/remote-cli.js';

// The verbs' table is the one list: the socket finds verbs there, --ssh takes its list from it,
// docs/protocol.md documents each, and a verb that does not say who may ask is the user's alone.

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('the verb table', () => {
  it('documents every verb in docs/protocol.md', () => {
    const page = fs.readFileSync(path.join(ROOT, 'docs/protocol.md'), 'utf8');
    expect(VERBS.map((v) => v.name).filter((n) => !page.includes(`| \`${n}\` |`))).toEqual([]);
  });

  it('gives --ssh exactly the verbs that say so (and the server ops)', () => {
    const size = { cols: 80, rows: 24 };
    for (const v of VERBS) {
      const where = sshWhere(v.name, { ssh: 'devbox', live: true } as never, size, {});
      expect('error' in where, v.name).toBe(!SSH_VERBS.includes(v.name));
    }
  });

  it('closes a verb that lists nobody to agents, plugins, projects and improvements', () => {
    for (const p of [
      { kind: 'agent', id: '1' },
      { kind: 'plugin', name: 'p' },
      { kind: 'project', path: '/r' },
      { kind: 'improvement', name: 'i' },
    ] as const)
      expect(refusal(p, undefined, 'a new verb')).not.toBeNull();
    expect(refusal({ kind: 'user' }, undefined, 'a new verb')).toBeNull();
  });

  it("checks a verb's arguments with the verb's one checker (the socket's and Lua's app:verb alike)", async () => {
    const one = { id: '1', isExited: false, info: { id: '1', name: 'one', pid: 1 } };
    const focused: string[] = [];
    const deps = {
      home: '/nowhere',
      agents: { list: () => [one], get: (id: string) => (id === '1' ? one : undefined) },
      request: async (r: { id: string }) => void focused.push(r.id),
      whenIdle: async () => {},
    } as unknown as ControlDeps;
    const ctx = { signal: new AbortController().signal } as ControlContext;
    const handle = controlHandler(deps);
    await expect(
      handle({ op: 'focus', agent: '1', agnet: '1' } as ControlRequest, ctx),
    ).rejects.toMatchObject({
      message: 'focus: unknown argument "agnet" (it takes agent)',
      fields: { reason: 'usage' },
    });
    await expect(handle({ op: 'focus', agent: true } as ControlRequest, ctx)).rejects.toThrow(
      /^name an agent/,
    );
    expect(await handle({ op: 'focus', agent: '1', id: 7, v: 1 } as ControlRequest, ctx)).toMatchObject({
      agent: { id: '1' },
    });
    // Lua passes an agent's number as a number: the checker makes it the socket's text.
    const grants = () => [];
    expect(await answerVerb(deps, 'focus', { agent: 1 }, { kind: 'user' }, grants)).toEqual({
      ok: true,
      agent: { id: '1', name: 'one' },
    });
    expect(await answerVerb(deps, 'focus', { agnet: 1 }, { kind: 'user' }, grants)).toMatchObject({
      ok: false,
      reason: 'usage',
      error: 'focus: unknown argument "agnet" (it takes agent)',
    });
    expect(focused).toEqual(['1', '1']);
    // Lua's callers are judged by the verb's `may`, closed by default: the answer says why, only.
    expect(await answerVerb(deps, 'link', {}, { kind: 'improvement', name: 'i' }, grants)).toEqual({
      ok: false,
      refused: 'improvement i cannot ask for link: only you can',
      error: 'improvement i cannot ask for link: only you can',
      reason: 'refused',
    });
    expect(await answerVerb(deps, 'restart', { agent: 1 }, { kind: 'project', path: '/r' }, grants)).toEqual({
      ok: false,
      refused: '/r: not trusted: it cannot restart (project.trust trusts the project)',
      error: '/r: not trusted: it cannot restart (project.trust trusts the project)',
      reason: 'refused',
    });
  });

  it("refuses an agent's process (the kernel's peer) a verb that is the user's alone", async () => {
    // This test's own process stands in as an agent's: the peer the kernel names is its pid.
    const me = { id: '1', isExited: false, info: { id: '1', name: 'one', pid: process.pid } };
    const deps = {
      home: '/nowhere',
      agents: { list: () => [me], get: () => me },
      key: () => {},
      whenIdle: async () => {},
      settle: async () => {},
      screen: () => ({ toText: () => 'frame', width: 1, height: 1 }),
    } as unknown as ControlDeps;
    const peer = async () => ({ pid: process.pid, uid: 0 });
    const ctx = { signal: new AbortController().signal, peer } as ControlContext;
    const handle = controlHandler(deps);
    await expect(handle({ op: 'link' } as ControlRequest, ctx)).rejects.toThrow(
      /agent 1 cannot ask for link: only you can/,
    );
    expect(await handle({ op: 'whoami' } as ControlRequest, ctx)).toMatchObject({
      principal: { kind: 'agent', id: '1' },
    });
    // The same process, no longer an agent's: the user's.
    const none = { ...deps, agents: { list: () => [], get: () => undefined } } as unknown as ControlDeps;
    expect(await controlHandler(none)({ op: 'snapshot' } as ControlRequest, ctx)).toMatchObject({
      frame: 'frame',
    });
  });
});

describe('one rule of who may, for every door', () => {
  it("a verb's rule is its row of the one table, the very line (the requests are intents: none is a verb's)", () => {
    for (const name of ['new', 'kill', 'restart', 'close', 'send', 'focus', 'run'])
      expect(verbNamed(name)!.may).toBe(WHO_MAY.verb[verbNamed(name)!.name]);
    expect(refusal({ kind: 'improvement', name: 'i' }, verbNamed('new')!.may, 'start agents')).toBeNull();
    expect(refusal({ kind: 'project', path: '/r' }, verbNamed('new')!.may, 'start agents')).not.toBeNull();
    expect(refusal({ kind: 'improvement', name: 'i' }, verbNamed('restart')!.may, 'restart')).toBeNull();
    expect(refusal({ kind: 'improvement', name: 'i' }, verbNamed('send')!.may, 'send')).not.toBeNull();
    // The acts the requests used to carry are verbs now, each with its row (or none: yours alone).
    expect(verbNamed('hub.stop')!.may).toEqual(['improvement']);
    for (const name of ['project.trust', 'worktree.finish', 'plugin.add', 'improvement.accept', 'web.push'])
      expect(verbNamed(name)!.may, name).toBeUndefined();
  });

  it('who may is one table: every verb has its row there, no verb file says it', () => {
    for (const v of VERBS) {
      const row = Object.hasOwn(WHO_MAY.verb, v.name) ? WHO_MAY.verb[v.name] : [];
      expect({ verb: v.name, may: v.may ?? [] }).toEqual({ verb: v.name, may: row });
    }
    const dir = path.resolve('src/verbs');
    const saying = fs
      .readdirSync(dir)
      .filter((f) => f !== 'verb.ts' && /^\s+may:/m.test(fs.readFileSync(path.join(dir, f), 'utf8')));
    expect(saying).toEqual([]);
    // A verb with no row is yours alone (closed by default).
    expect(verbNamed('worktrees')!.may).toBeUndefined();
    expect(verbNamed('link')!.may).toBeUndefined();
  });
});
