import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImprovementError, ImprovementHistory } from '../../src/reload/improvement-history.js';

const meta = (agentId: string | null = 'agent-1', decision = 'autonomous') => ({
  agentId,
  decision,
  confidence: 0.9,
  reasoning: 'new bindings only',
  registers: { bindings: [{ mode: 'normal', key: 'g' }] },
});

const V1 = 'keys.bind("normal", "g", "agent.next")\n';
const V2 = 'keys.bind("normal", "g", "agent.prev")\n';
const V3 = 'keys.bind("normal", "g", "mode.insert")\n';

let home: string;
let h: ImprovementHistory;
const live = (name: string) => path.join(home, 'improvements', `${name}.lua`);
const hist = (...p: string[]) => path.join(home, 'improvements', '.history', ...p);
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

/** The error an expression throws, so tests can check its class, code and message. */
function thrown(fn: () => unknown): ImprovementError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ImprovementError);
    return err as ImprovementError;
  }
  throw new Error('expected an error');
}

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-history-'));
  h = new ImprovementHistory(home);
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

describe('ImprovementHistory.accept', () => {
  it('numbers versions v1, v2 and makes the latest live with its content', () => {
    const r1 = h.accept('nav', V1, meta());
    const r2 = h.accept('nav', V2, meta('agent-2', 'collaborative'));
    expect([r1.version, r2.version]).toEqual([1, 2]);
    expect(fs.readFileSync(live('nav'), 'utf8')).toBe(V2);
    expect(fs.readFileSync(hist('nav', 'v1.lua'), 'utf8')).toBe(V1);
    expect(fs.readFileSync(hist('nav', 'v2.lua'), 'utf8')).toBe(V2);
    expect(readJson(hist('nav', 'state.json'))).toEqual({ live_version: 2, disabled: false });
    expect(r2).toMatchObject({ name: 'nav', agentId: 'agent-2', decision: 'collaborative', confidence: 0.9 });
    expect(new Date(r2.at).toISOString()).toBe(r2.at);
  });

  it('records the sha256 of the source and the metadata on disk in snake_case', () => {
    const r = h.accept('nav', V1, meta());
    const expected = crypto.createHash('sha256').update(V1).digest('hex');
    expect(r.sha256).toBe(expected);
    expect(readJson(hist('nav', 'v1.json'))).toEqual({
      name: 'nav',
      version: 1,
      agent_id: 'agent-1',
      decision: 'autonomous',
      confidence: 0.9,
      reasoning: 'new bindings only',
      at: r.at,
      sha256: expected,
      registers: { bindings: [{ mode: 'normal', key: 'g' }] },
    });
  });

  it("keeps what the policy granted a version, and the live version's grant is what loads", async () => {
    const { readConfigFiles } = await import('../../src/reload/config-files.js');
    const grant = { granted: ['net'], hosts: ['ntfy.sh'], commands: [] };
    h.accept('ping', V1, { ...meta(), grant });
    expect(readJson(hist('ping', 'v1.json')).grant).toEqual(grant);
    expect(h.liveGrant('ping')).toEqual(grant);
    expect(readConfigFiles({ home }).find((f) => f.name === 'improvements/ping.lua')?.grant).toEqual(grant);
    h.accept('ping', V2, meta()); // the next version was granted nothing
    expect(h.liveGrant('ping')).toBeUndefined();
    h.revert('ping', 1);
    expect(h.liveGrant('ping')).toEqual(grant);
  });

  it('leaves no temp files and nothing but NAME.lua in the watched folder', () => {
    h.accept('nav', V1, meta());
    h.accept('nav', V2, meta());
    h.accept('theme', V3, meta(null));
    expect(fs.readdirSync(path.join(home, 'improvements')).sort()).toEqual([
      '.history',
      'nav.lua',
      'theme.lua',
    ]);
    expect(fs.readdirSync(hist('nav')).sort()).toEqual([
      'state.json',
      'v1.json',
      'v1.lua',
      'v2.json',
      'v2.lua',
    ]);
  });

  it('skips a version number another writer already claimed', () => {
    h.accept('nav', V1, meta());
    // A second process claimed v2 (its .lua) but has not written the record yet.
    fs.writeFileSync(hist('nav', 'v2.lua'), 'other');
    const r = h.accept('nav', V3, meta());
    expect(r.version).toBe(3);
    expect(fs.readFileSync(hist('nav', 'v2.lua'), 'utf8')).toBe('other');
  });
});

describe('ImprovementHistory.list and show', () => {
  it('lists improvements sorted by name with their live version and latest record', () => {
    expect(h.list()).toEqual([]);
    h.accept('zeta', V1, meta());
    h.accept('alpha', V1, meta());
    h.accept('alpha', V2, meta('agent-7'));
    const list = h.list();
    expect(list.map((s) => s.name)).toEqual(['alpha', 'zeta']);
    expect(list[0]).toMatchObject({ name: 'alpha', liveVersion: 2, disabled: false, versions: 2 });
    expect(list[0].latest).toMatchObject({ version: 2, agentId: 'agent-7' });
    expect(list[1]).toMatchObject({ name: 'zeta', liveVersion: 1, versions: 1 });
  });

  it('shows the latest version by default and a specific one on request', () => {
    h.accept('nav', V1, meta());
    h.accept('nav', V2, meta());
    expect(h.show('nav')).toMatchObject({ record: { version: 2 }, source: V2 });
    expect(h.show('nav', 1)).toMatchObject({ record: { version: 1 }, source: V1 });
  });

  it('gives clear errors for an unknown name or version', () => {
    h.accept('nav', V1, meta());
    const unknownName = thrown(() => h.show('nope'));
    expect(unknownName.code).toBe('unknown_name');
    expect(unknownName.message).toBe('unknown improvement "nope"');
    const unknownVersion = thrown(() => h.show('nav', 5));
    expect(unknownVersion.code).toBe('unknown_version');
    expect(unknownVersion.message).toContain('has no version 5 (it has v1)');
    expect(thrown(() => h.show('nav', 0)).code).toBe('invalid_version');
    expect(thrown(() => h.show('nav', 1.5)).code).toBe('invalid_version');
  });
});

describe('ImprovementHistory.revert', () => {
  it('goes back to the version before the live one by default, step by step', () => {
    h.accept('nav', V1, meta());
    h.accept('nav', V2, meta());
    h.accept('nav', V3, meta());
    expect(h.revert('nav').version).toBe(2);
    expect(fs.readFileSync(live('nav'), 'utf8')).toBe(V2);
    expect(h.revert('nav').version).toBe(1);
    expect(fs.readFileSync(live('nav'), 'utf8')).toBe(V1);
    expect(h.list()[0]).toMatchObject({ liveVersion: 1, versions: 3 });
  });

  it('makes an explicit version live, later ones included', () => {
    h.accept('nav', V1, meta());
    h.accept('nav', V2, meta());
    h.accept('nav', V3, meta());
    expect(h.revert('nav', 1).version).toBe(1);
    expect(fs.readFileSync(live('nav'), 'utf8')).toBe(V1);
    expect(h.revert('nav', 3).version).toBe(3);
    expect(fs.readFileSync(live('nav'), 'utf8')).toBe(V3);
    expect(thrown(() => h.revert('nav', 9)).code).toBe('unknown_version');
  });

  it('refuses when there is nothing to revert to, changing nothing', () => {
    h.accept('nav', V1, meta());
    const err = thrown(() => h.revert('nav'));
    expect(err.code).toBe('nothing_to_revert');
    expect(err.message).toContain('nothing to revert to');
    expect(fs.readFileSync(live('nav'), 'utf8')).toBe(V1);
    expect(thrown(() => h.revert('ghost')).code).toBe('unknown_name');
  });

  it('refuses a stored version whose source was edited after it was accepted', () => {
    h.accept('nav', V1, meta());
    h.accept('nav', V2, meta());
    fs.writeFileSync(hist('nav', 'v1.lua'), 'os.execute("rm -rf ~")');
    const err = thrown(() => h.revert('nav'));
    expect(err.code).toBe('corrupt');
    expect(err.message).toContain('sha256');
    expect(fs.readFileSync(live('nav'), 'utf8')).toBe(V2);
  });
});

describe('ImprovementHistory.disable and enable', () => {
  it('disable removes the live file but keeps the history; enable restores the last live version', () => {
    h.accept('nav', V1, meta());
    h.accept('nav', V2, meta());
    h.revert('nav', 1);
    h.disable('nav');
    expect(fs.existsSync(live('nav'))).toBe(false);
    expect(
      fs
        .readdirSync(hist('nav'))
        .filter((f) => f.endsWith('.lua'))
        .sort(),
    ).toEqual(['v1.lua', 'v2.lua']);
    expect(h.list()[0]).toMatchObject({ liveVersion: null, disabled: true, versions: 2 });
    h.disable('nav'); // idempotent

    const r = h.enable('nav');
    expect(r.version).toBe(1);
    expect(fs.readFileSync(live('nav'), 'utf8')).toBe(V1);
    expect(h.list()[0]).toMatchObject({ liveVersion: 1, disabled: false });
  });

  it('a new accept clears disabled', () => {
    h.accept('nav', V1, meta());
    h.disable('nav');
    h.accept('nav', V2, meta());
    expect(h.list()[0]).toMatchObject({ liveVersion: 2, disabled: false });
    expect(fs.readFileSync(live('nav'), 'utf8')).toBe(V2);
  });

  it('refuses unknown names', () => {
    expect(thrown(() => h.disable('ghost')).code).toBe('unknown_name');
    expect(thrown(() => h.enable('ghost')).code).toBe('unknown_name');
  });
});

describe('ImprovementHistory names', () => {
  const bad = ['../x', 'A B', '', 'a'.repeat(65), 'Nav', '.hidden', '-x', 'a/b', 'a.lua', 'a\0b', '..'];

  it('accepts simple names up to 64 characters', () => {
    for (const ok of ['a', 'nav', 'my-plugin_2', '9lives', 'a'.repeat(64)])
      expect(ImprovementHistory.validName(ok)).toBe(true);
    for (const no of bad) expect(ImprovementHistory.validName(no)).toBe(false);
  });

  it('refuses invalid names in every call, writing nothing', () => {
    for (const name of bad) {
      expect(thrown(() => h.accept(name, V1, meta())).code).toBe('invalid_name');
      expect(thrown(() => h.show(name)).code).toBe('invalid_name');
      expect(thrown(() => h.revert(name)).code).toBe('invalid_name');
      expect(thrown(() => h.disable(name)).code).toBe('invalid_name');
      expect(thrown(() => h.enable(name)).code).toBe('invalid_name');
    }
    expect(fs.existsSync(path.join(home, 'improvements'))).toBe(false);
    expect(fs.readdirSync(home)).toEqual([]);
  });
});

describe('ImprovementHistory.liveCount', () => {
  it('counts enabled improvements only', () => {
    expect(h.liveCount()).toBe(0);
    h.accept('a', V1, meta());
    h.accept('b', V1, meta());
    h.accept('b', V2, meta());
    h.accept('c', V1, meta());
    expect(h.liveCount()).toBe(3);
    h.disable('b');
    expect(h.liveCount()).toBe(2);
    expect(h.isLive('b')).toBe(false);
    expect(h.isLive('a')).toBe(true);
    expect(h.isLive('ghost')).toBe(false);
    h.enable('b');
    expect(h.liveCount()).toBe(3);
  });

  it('reads what another instance wrote (the hub and an offline CLI share the folder)', () => {
    h.accept('a', V1, meta());
    const other = new ImprovementHistory(home);
    other.disable('a');
    expect(h.liveCount()).toBe(0);
    expect(h.enable('a').version).toBe(1);
  });
});
