import { describe, expect, it } from 'vitest';
import { fleetHubs, lockSomePlugin } from '../support/fleet.js';
import { principalOfPeer } from '../../src/server/peer-principal.js';
import { controlRequest } from '../../src/wire/control-client.js';
import type { ControlDeps } from '../../src/verbs/ports.js';
import { readLock } from '../../src/plugins/lock.js';

// Where the kernel cannot be asked who connects (no native client found: another platform, an
// install without its platform package), the hub never falls back to what a request says of
// itself: every caller is held to an agent's rules, and each refusal says why. The lookup is
// handed to the control socket here (a test cannot take the helper away by any variable an agent
// could set: none opens anything).

const hubs = fleetHubs();
const NONE = 'no native botster-tui found: none in /pkg/dist/native (a test names none)';
const blind = { peerClient: { path: null, why: NONE } } as const;
const KERNEL = `the hub cannot ask the kernel who connects: ${NONE}`;

describe('no native client: every caller is held to an agent’s rules', () => {
  it('whoami from the user’s own process says an agent, and why; with the helper it says you', async () => {
    const h = await hubs([{ command: 'cat', name: 'mine' }], {}, {}, blind);
    const said = await controlRequest(h.socket, { op: 'whoami' });
    expect(said.principal).toEqual({ kind: 'agent', id: '?', why: KERNEL });
    expect(said.says).toBe(`a caller the hub cannot tell from an agent: ${KERNEL}`);
    // Nor does a request that says it is not an agent (no from_agent, no agent_id) open anything.
    const cli = await h.cli(['whoami', '--json']);
    expect(cli.stderr).toBe('');
    expect(JSON.parse(cli.stdout).principal).toEqual({ kind: 'agent', id: '?', why: KERNEL });

    // The same hub's socket, asked with this install's helper: the kernel says it is you.
    const seeing = await hubs([{ command: 'cat', name: 'mine' }]);
    expect((await controlRequest(seeing.socket, { op: 'whoami' })).principal).toEqual({ kind: 'user' });
  }, 60000);

  it('what only you may do is refused, or asked at the hub, with why', async () => {
    const h = await hubs([{ command: 'cat', name: 'mine' }], {}, {}, blind);
    const accept = await h.cli(['run', 'improvements.accept']);
    expect(accept.status).toBe(1);
    expect(accept.stderr).toContain(
      `a caller the hub cannot tell from an agent cannot run improvement.accept: only you answer improvements (${KERNEL})`,
    );
    const allow = await h.cli(['run', 'agent.allow_drive']);
    expect(allow.status).toBe(1);
    expect(allow.stderr).toContain(`(${KERNEL})`);
    const update = await h.cli(['plugin', 'update']);
    expect(update.stderr).toContain(
      `an agent cannot update plugins: the user does (the hub took this for an agent's: ${KERNEL})`,
    );
    lockSomePlugin(h.home);
    const grant = await h.cli(['plugin', 'grant', 'someplugin', 'send']);
    expect(grant.stdout).toBe(
      `asked you in the hub: grant someplugin send; nothing changes until you answer there (the hub took this for an agent's: ${KERNEL})\n`,
    );
    expect(readLock(h.home).plugins.someplugin.granted).toEqual([]);
    // A verb that is the user's alone (kill-server is the server's; here: the link between hubs).
    const link = await controlRequest(h.socket, { op: 'link' });
    expect(link.ok).toBe(false);
    expect(String(link.error)).toContain(`(${KERNEL})`);
  }, 60000);

  it('principalOfPeer: a blind context is an agent whatever the request says', async () => {
    const deps = { agents: { list: () => [] } } as unknown as Pick<ControlDeps, 'agents'>;
    const ctx = { signal: new AbortController().signal, blind: 'no helper' };
    for (const req of [
      { op: 'whoami' },
      { op: 'whoami', from_agent: false },
      { op: 'whoami', agent_id: '3' },
    ])
      expect(await principalOfPeer(deps, ctx, req)).toEqual({
        kind: 'agent',
        id: '?',
        why: 'the hub cannot ask the kernel who connects: no helper',
      });
  });
});
