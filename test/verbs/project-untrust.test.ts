import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb } from '../support/verb-hubs.js';
import { tempRepo } from '../support/hub.js';
import { trustedBy } from '../support/trusted.js';
import { tempHome } from '../support/homes.js';
import { until } from '../support/wait.js';

// project.untrust: a trusted project's .botster/ runs in the sandbox again (its key to one of
// yours is dropped); yours alone.

const hubs = useHub();

describe('project.untrust', { timeout: 60_000 }, () => {
  it("a trusted project's files run in the sandbox again", async () => {
    const { repo } = tempRepo();
    fs.mkdirSync(path.join(repo, '.botster'));
    fs.writeFileSync(path.join(repo, '.botster', 'keys.lua'), 'keys.bind("normal", "Z", "hub.stop")\n');
    const hub = await hubs.real({
      home: trustedBy(tempHome(), repo),
      agents: [{ command: 'cat', cwd: repo }],
    });
    await until('trusted, its key loads', () => hub.bindings.some((b) => b.spec === 'Z'));
    expect(
      await askVerb(hub, 'project.untrust', { path: repo }, { kind: 'improvement', name: 'i' }),
    ).toMatchObject({
      ok: false,
      reason: 'refused',
    });
    expect(await askVerb(hub, 'project.untrust', { path: repo })).toEqual({
      ok: true,
      said: expect.stringMatching(/\.botster is not trusted now: its files run in the sandbox$/),
    });
    expect(hub.appData().projects?.[0]).toMatchObject({ path: repo, trusted: false });
    await until('its key to yours is dropped', () => !hub.bindings.some((b) => b.spec === 'Z'));
  });
});
