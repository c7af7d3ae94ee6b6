// The plugins' pure rules as tables: manifests, sources, and what each request of a plugin needs.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/plugins/manifest.js';
import { parseSource } from '../../src/plugins/sources.js';
import { capabilityText } from '../../src/hub/capabilities.js';
import { WHO_MAY } from '../../src/hub/who-may.js';
import { verbName } from '../../src/wire/verb-aliases.js';
import { refusal, type Asker } from '../../src/hub/principal.js';
import type { Request } from '../../src/hub/requests.js';

describe('plugin.json', () => {
  it.each([
    [
      '{"name":"clock","version":"1.0.0"}',
      { name: 'clock', version: '1.0.0', main: 'init.lua', capabilities: [] },
    ],
    [
      '{"name":"a-b_c","version":" 2 ","main":"lua/main.lua","capabilities":["keys","keys","pieces"],"provides":["x"]}',
      {
        name: 'a-b_c',
        version: '2',
        main: 'lua/main.lua',
        capabilities: ['keys', 'pieces'],
        provides: ['x'],
      },
    ],
    [
      '{"name":"ci","version":"1","capabilities":["net","run","git"],"hosts":["api.github.com","*.example.com"],"commands":["gh"]}',
      { capabilities: ['net', 'run', 'git'], hosts: ['api.github.com', '*.example.com'], commands: ['gh'] },
    ],
  ])('%s reads', (text, want) => expect(parseManifest(text)).toMatchObject(want));

  it.each([
    ['nope', 'plugin.json: not JSON'],
    ['[]', 'plugin.json: expected an object'],
    ['{"name":"Clock","version":"1"}', '"Clock" is not a plugin name'],
    ['{"name":"c","version":""}', '"version" must be text'],
    [
      '{"name":"c","version":"1","capabilities":["root"]}',
      'unknown capability "root" (known: keys, commands',
    ],
    ['{"name":"c","version":"1","main":"../x.lua"}', '"main" must be a .lua file inside the plugin'],
    ['{"name":"c","version":"1","colour":1}', 'unknown field "colour"'],
    [
      '{"name":"c","version":"1","capabilities":["net"],"hosts":["https://x.com/"]}',
      '"hosts": "https://x.com/" is not a host name',
    ],
    [
      '{"name":"c","version":"1","hosts":["x.com"]}',
      '"hosts" is for the capability "net", which it does not ask for',
    ],
    [
      '{"name":"c","version":"1","commands":["gh"]}',
      '"commands" is for the capability "run", which it does not ask for',
    ],
  ])('%s is refused: %s', (text, msg) => expect(() => parseManifest(text)).toThrow(msg));
});

describe('the grant screen', () => {
  it('lists the hosts net reaches and the commands run may start', () => {
    const m = { hosts: ['ntfy.sh', '*.example.com'], commands: ['gh'] };
    expect(capabilityText('net', m)).toMatch(
      /^HTTP to the hosts its manifest lists .*: ntfy\.sh, \*\.example\.com$/,
    );
    expect(capabilityText('run', m)).toMatch(/process\.run of the commands its manifest lists\): gh$/);
    expect(capabilityText('net', {})).toMatch(/: no host listed$/);
    expect(capabilityText('keys', m)).toBe('bind keys and key tables');
  });
});

describe('sources', () => {
  const cwd = path.resolve('lua/examples');
  it.each([
    ['github:me/clock', { kind: 'git', location: 'https://github.com/me/clock.git' }],
    ['github:me/clock@v1.2', { kind: 'git', location: 'https://github.com/me/clock.git', ref: 'v1.2' }],
    ['file:///srv/my plugin.git@main', { kind: 'git', location: 'file:///srv/my plugin.git', ref: 'main' }],
    ['git@host:me/clock.git', { kind: 'git', location: 'git@host:me/clock.git' }],
    ['git@host:me/clock.git@abc123', { kind: 'git', location: 'git@host:me/clock.git', ref: 'abc123' }],
    ['npm:botster-clock', { kind: 'npm', location: 'botster-clock' }],
    ['npm:@me/clock@^1.2', { kind: 'npm', location: '@me/clock', ref: '^1.2' }],
    ['plugins/clock', { kind: 'folder', location: path.join(cwd, 'plugins/clock') }],
  ])('%s', (text, want) => expect(parseSource(text, cwd)).toEqual(want));

  // (npm would build these by running their package scripts; git would read a leading - as an option)
  it.each([
    ['npm:file:../x', 'a folder behind npm: is refused'],
    ['npm:clock@file:../x', 'add the folder itself: botster-tui plugin add ../x'],
    ['npm:git+https://h/r.git', 'add the git source itself: botster-tui plugin add git+https://h/r.git'],
    ['npm:me/clock', 'add the git source itself: botster-tui plugin add github:me/clock'],
    ['npm:-x', 'not an npm package of the registry'],
    ['git+--upload-pack=x', 'a git URL does not start with "-"'],
    ['github:me/clock@--x', 'a branch, tag or commit does not start with "-"'],
  ])('%s is refused', (text, why) => expect(() => parseSource(text, cwd)).toThrow(why));

  it('an index offers no folder or tarball; an agent no tarball', () => {
    expect(() => parseSource('plugins/clock', cwd, 'index')).toThrow('a folder is yours to add');
    expect(() => parseSource('npm:./c-1.0.0.tgz', cwd, 'agent')).toThrow('a packed tarball is yours to add');
    expect(parseSource('plugins/clock', cwd, 'agent').kind).toBe('folder');
  });

  it('a folder that is not there is an error that says what a source may be', () =>
    expect(() => parseSource('./nowhere', cwd)).toThrow(
      './nowhere: no such folder (and not a git URL, github:owner/repo or npm:NAME)',
    ));
});

describe("what a plugin's request needs (hub/who-may.ts)", () => {
  const need = (type: string) => {
    // (`verb:NAME`: what acts on agents is a verb's own, its row of the verbs' table)
    // (a verb by an older name, `send`, is its verb's row)
    const row = type.startsWith('verb:')
      ? (WHO_MAY.verb[verbName(type.slice(5))] ?? [])
      : WHO_MAY.request[type as Request['type']];
    const no = refusal({ kind: 'plugin', name: 'p' }, row, type);
    return no === null ? null : (no.capability ?? 'never');
  };
  it.each([
    ['verb:send', 'send'],
    ['verb:agent.send_way_out', 'send'],
    ['verb:new', 'spawn'],
    ['verb:kill', 'spawn'],
    ['verb:restart', 'spawn'],
    ['verb:close', 'spawn'],
    ['verb:pipeline', 'pipelines'],
    ['verb:project.trust', 'never'],
    ['verb:worktree.finish', 'never'],
    ['verb:improvement.accept', 'never'],
    ['verb:agent.allow_drive', 'never'],
    ['verb:hub.stop', 'never'],
    ['verb:plugin.add', 'never'],
    ['notify', null],
    ['focus', null],
    ['dialog_open', null],
    ['verb:run', null],
  ] as Array<[string, string | null]>)('%s: %s', (type, want) => expect(need(type)).toBe(want));

  it('refuses a request the table does not list to plugins, projects and improvements (closed by default)', () => {
    const table = WHO_MAY.request as Record<string, readonly Asker[] | undefined>;
    for (const p of [
      { kind: 'plugin', name: 'p' },
      { kind: 'project', path: '/r' },
      { kind: 'improvement', name: 'i' },
    ] as const)
      expect(refusal(p, table.some_new_request, 'some new request')).not.toBeNull();
    expect(refusal({ kind: 'user' }, table.some_new_request, 'x')).toBeNull();
  });
});
