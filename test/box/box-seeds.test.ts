import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { boxOf, type Box } from '../../src/box/box.js';
import { plantSeeds } from '../../src/box/box-seeds.js';
import { merge3 } from '../../src/box/merge3.js';

// Issue 94 item 4: the boxed Claude worked on a one-time copy of ~/.claude.json, so a folder you
// trusted later and an MCP server you added never reached it. The copy now follows what you change
// in yours at every start, keeps what the box changed, and is read and replaced as the box's file
// (never through a link it planted).

const claudeBox = (): Box =>
  boxOf({
    name: 'default',
    write: ['~/.claude/'],
    env: { CLAUDE_CONFIG_DIR: '~/.claude' },
    seed: { '~/.claude/.claude.json': '~/.claude.json' },
  })!;

const tempDir = (what: string) => fs.mkdtempSync(path.join(os.tmpdir(), `botster ${what} `));
const readJson = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8'));

describe('merge3', () => {
  it('takes what theirs changed, keeps what only ours changed, drops what theirs removed', () => {
    const base = { a: 1, b: { x: 1, y: 2 }, gone: true, list: [1] };
    const ours = { a: 1, b: { x: 9, y: 2 }, gone: true, mine: 'box', list: [1] };
    const theirs = { a: 2, b: { x: 1, y: 3, z: 4 }, list: [1, 2], new: 'user' };
    expect(merge3(base, ours, theirs)).toEqual({
      a: 2,
      b: { x: 9, y: 3, z: 4 },
      mine: 'box',
      list: [1, 2],
      new: 'user',
    });
    // with no base, theirs wins wherever it says something
    expect(merge3(undefined, { a: 1, k: 1 }, { a: 2 })).toEqual({ a: 2, k: 1 });
    // a key ours removed and theirs left as it was stays removed
    expect(merge3({ a: 1, b: 1 }, { a: 1 }, { a: 1, b: 1 })).toEqual({ a: 1 });
  });
});

describe('a seed', () => {
  it("is made when missing, private, then follows what you change in yours and keeps the box's own", () => {
    const home = tempDir('seed home');
    const hub = path.join(home, '.botster');
    const yours = path.join(home, '.claude.json');
    const copy = path.join(home, '.claude/.claude.json');
    fs.writeFileSync(
      yours,
      JSON.stringify({
        hasCompletedOnboarding: true,
        projects: { '/p/one': { hasTrustDialogAccepted: true } },
      }),
    );
    expect(plantSeeds(claudeBox(), home, hub)).toEqual([copy]);
    expect(fs.statSync(copy).mode & 0o777).toBe(0o600);
    // The boxed Claude writes its copy (a folder it trusted, a count of its own)...
    const boxed = readJson(copy);
    boxed.projects['/p/box'] = { hasTrustDialogAccepted: true };
    boxed.numStartups = 7;
    fs.writeFileSync(copy, JSON.stringify(boxed));
    // ...and you trust a folder and add an MCP server, outside the hub.
    const mine = readJson(yours);
    mine.projects['/p/later'] = { hasTrustDialogAccepted: true };
    mine.mcpServers = { docs: { command: 'docs-mcp' } };
    fs.writeFileSync(yours, JSON.stringify(mine));
    expect(plantSeeds(claudeBox(), home, hub)).toEqual([copy]);
    const next = readJson(copy);
    expect(Object.keys(next.projects).sort()).toEqual(['/p/box', '/p/later', '/p/one']);
    expect(next.mcpServers).toEqual({ docs: { command: 'docs-mcp' } });
    expect(next.numStartups).toBe(7);
    // You remove the server: it goes from the copy too. Nothing changed: the copy is left alone.
    delete mine.mcpServers;
    fs.writeFileSync(yours, JSON.stringify(mine));
    plantSeeds(claudeBox(), home, hub);
    expect(readJson(copy).mcpServers).toBeUndefined();
    expect(plantSeeds(claudeBox(), home, hub)).toEqual([]);
    // Yours is never written.
    expect(readJson(yours)).toEqual(mine);
  });

  it('a link the box planted as its copy is replaced, never followed: nothing read through it, nothing written there', () => {
    const home = tempDir('seed home');
    const hub = path.join(home, '.botster');
    fs.writeFileSync(path.join(home, '.claude.json'), '{"hasCompletedOnboarding":true}');
    fs.mkdirSync(path.join(home, '.claude'));
    const key = path.join(home, 'id_ed25519');
    fs.writeFileSync(key, '{"secret":"KEY"}');
    const copy = path.join(home, '.claude/.claude.json');
    fs.symlinkSync(key, copy);
    plantSeeds(claudeBox(), home, hub);
    expect(fs.lstatSync(copy).isSymbolicLink()).toBe(false);
    expect(readJson(copy)).toEqual({ hasCompletedOnboarding: true });
    expect(fs.readFileSync(key, 'utf8')).toBe('{"secret":"KEY"}');
    // no source: nothing made
    const empty = tempDir('seed home');
    expect(plantSeeds(claudeBox(), empty, hub)).toEqual([]);
    expect(fs.existsSync(path.join(empty, '.claude/.claude.json'))).toBe(false);
  });
});
