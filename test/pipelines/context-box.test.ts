import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agents/agent.js';
import type { Box } from '../../src/box/box.js';
import { runCheck } from '../../src/pipelines/check.js';
import { writerBox } from '../../src/pipelines/context.js';

// A pipeline context's `{ command = ... }` runs in the folder of the run, which an earlier step's
// boxed agent may have written (a script there): it runs in that agent's box (real bubblewrap),
// not as you. An agent list stands in for the hub's (the layer above this test).

const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;

const BOX: Box = {
  name: 'default',
  runner: 'bwrap',
  network: true,
  read: 'all',
  write: [],
  hide: ['~/.ssh/'],
  protect: [],
  env: {},
  unset: [],
};

function place() {
  const user = fs.mkdtempSync(path.join(os.tmpdir(), 'context box '));
  fs.mkdirSync(path.join(user, '.ssh'));
  fs.writeFileSync(path.join(user, '.ssh', 'id_rsa'), 'SECRET-KEY\n');
  const work = path.join(user, 'work');
  fs.mkdirSync(work);
  fs.writeFileSync(
    path.join(work, 'ctx.sh'),
    `cat '${user}/.ssh/id_rsa' || echo no-key; touch '${user}/planted' && echo planted\n`,
  );
  const env = { HOME: user, PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const agent = (cwd: string, box?: Box) =>
    ({ id: '2', cwd, spec: { box }, environment: env }) as unknown as Agent;
  return { user, work, env, agent };
}

describe.skipIf(!hasBwrap && !process.env.CI)("a pipeline context's command, where a box wrote", () => {
  it('runs in the box of the agent that writes the folder: no key, nothing planted', async () => {
    const p = place();
    const box = writerBox(p.work, { agents: { list: () => [p.agent(p.work, BOX)] } as never });
    expect(box?.id).toBe('2');
    const r = await runCheck('sh ./ctx.sh', p.work, 10000, undefined, box);
    expect(r.output).toContain('no-key');
    expect(r.output).not.toContain('SECRET-KEY');
    expect(fs.existsSync(path.join(p.user, 'planted'))).toBe(false);
  });

  it('runs as before where no box writes (an unboxed agent, or one elsewhere)', async () => {
    const p = place();
    const elsewhere = path.join(p.user, 'other');
    fs.mkdirSync(elsewhere);
    const agents = [p.agent(p.work), p.agent(elsewhere, BOX)];
    expect(writerBox(p.work, { agents: { list: () => agents } as never })).toBeUndefined();
    const r = await runCheck('sh ./ctx.sh', p.work, 10000, undefined, undefined);
    expect(r.output).toContain('SECRET-KEY');
    expect(fs.existsSync(path.join(p.user, 'planted'))).toBe(true);
  });
});
