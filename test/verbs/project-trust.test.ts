import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb } from '../support/verb-hubs.js';
import { tempRepo } from '../support/hub.js';
import { projectHash } from '../../src/reload/projects.js';
import { until } from '../support/wait.js';

// project.trust on a real repository with a .botster/: its files load as yours from then on,
// remembered in the home; only as the question showed them (its hash); never by the project's own
// Lua, an improvement or an agent. (The question that asks first: test/reload/projects.test.ts.)

const hubs = useHub();

/** A repository whose .botster/ binds a key; a hub with an agent started in it. */
async function projectHub() {
  const { repo } = tempRepo();
  fs.mkdirSync(path.join(repo, '.botster'));
  fs.writeFileSync(path.join(repo, '.botster', 'keys.lua'), 'keys.bind("normal", "Z", "hub.stop")\n');
  const hub = await hubs.real({ agents: [{ command: 'cat', cwd: repo }] });
  await until('the project is found', () => hub.appData().projects?.length === 1);
  return { hub, repo };
}

describe('project.trust', { timeout: 60_000 }, () => {
  it("trusts a project's .botster/ as it is now: its files load as yours", async () => {
    const { hub, repo } = await projectHub();
    // (untrusted, its key to one of yours is dropped)
    expect(hub.bindings.some((b) => b.spec === 'Z')).toBe(false);
    for (const who of [
      { kind: 'project', path: repo },
      { kind: 'improvement', name: 'i' },
      { kind: 'agent', id: '1' },
    ] as const)
      expect(await askVerb(hub, 'project.trust', { path: repo }, who)).toMatchObject({
        ok: false,
        reason: 'refused',
      });
    // Only the contents the question showed: changed since, nothing is trusted.
    expect(await askVerb(hub, 'project.trust', { path: repo, hash: 'stale' })).toMatchObject({
      ok: false,
      reason: 'failed',
      error: expect.stringMatching(/changed after the question showed it: not trusted/),
    });
    expect(await askVerb(hub, 'project.trust', { path: repo, hash: projectHash(repo) })).toEqual({
      ok: true,
      said: expect.stringMatching(/^trusted .*\/\.botster: its files load as yours/),
    });
    expect(hub.appData().projects?.[0]).toMatchObject({ path: repo, trusted: true });
    await until('its key loads', () =>
      hub.bindings.some((b) => b.spec === 'Z' && b.source.includes('.botster')),
    );
  });

  it('a folder with no .botster/ has nothing to trust', async () => {
    const hub = await hubs.real({});
    const { repo } = tempRepo();
    expect(await askVerb(hub, 'project.trust', { path: repo })).toMatchObject({
      ok: false,
      reason: 'failed',
      error: `${repo} is not in a repository with a .botster/ folder: nothing to trust`,
    });
  });
});
