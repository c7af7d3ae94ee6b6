import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { until } from '../support/wait.js';

// The sandbox verb (`botster-tui sandbox AGENT`): what an agent's box lets it see and write, or
// that it runs unboxed.

const fleet = fleetHubs();

describe('botster-tui sandbox', { timeout: 60_000 }, () => {
  it("says an unboxed agent has your powers and a boxed one's box; a name no agent goes by is refused", async () => {
    const { hub, cli } = await fleet([{ command: 'cat', name: 'free' }]);
    const started = await cli([
      'new',
      '--name',
      'boxed',
      '--sandbox',
      'default',
      '--no-focus',
      '--json',
      '--',
      'cat',
    ]);
    expect(started.status, started.stderr).toBe(0);
    await until('boxed is listed', () => hub.agents.list().some((a) => a.info.name === 'boxed'));
    const boxed = hub.agents.list().find((a) => a.info.name === 'boxed')!;

    const free = await cli(['sandbox', 'free', '--json']);
    expect(free.status, free.stderr).toBe(0);
    expect(JSON.parse(free.stdout)).toEqual({
      ok: true,
      agent: { id: '1', name: 'free' },
      box: null,
      says: expect.stringMatching(/free runs unboxed/),
    });
    expect(hub.agents.get('1')!.spec.box).toBeFalsy();

    const r = await cli(['sandbox', 'boxed', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout) as { agent: unknown; box: { name: string; args: string[] }; says: string };
    expect(a.agent).toEqual({ id: boxed.id, name: 'boxed' });
    expect(a.box.name).toBe(boxed.spec.box!.name);
    expect(a.box.args.join(' ')).toMatch(/cat/);
    expect(a.says).toMatch(new RegExp(`boxed runs in box ${a.box.name}`));

    const bad = await cli(['sandbox', 'nobody']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/no agent "nobody"/);
  });
});
