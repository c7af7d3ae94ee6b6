import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Templates } from '../../src/web/templates.js';

// The pages' templates are parsed once, and again as soon as the file a name finds is another
// one or changed: a save, a user's file added over a shipped one, or removed again.

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function setup() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'botster templates '));
  dirs.push(root);
  const user = path.join(root, 'user');
  const shipped = path.join(root, 'shipped');
  fs.mkdirSync(user);
  fs.mkdirSync(shipped);
  fs.writeFileSync(path.join(shipped, 'card.liquid'), 'shipped {{ name }}');
  fs.writeFileSync(
    path.join(shipped, 'list.liquid'),
    '{% for n in names %}[{% render "card.liquid", name: n %}]{% endfor %}',
  );
  const errors: string[] = [];
  const mended: string[] = [];
  const t = new Templates(
    { user, shipped, display: (f) => path.basename(f) },
    {},
    (m) => errors.push(m),
    (m) => mended.push(m),
  );
  return { t, user, shipped, errors, mended };
}

describe('templates', () => {
  it('are read and parsed once while their files stay as they are', async () => {
    const { t } = setup();
    const reads = vi.spyOn(fs, 'readFileSync');
    expect(await t.render('list.liquid', { names: ['a', 'b', 'c'] })).toBe(
      '[shipped a][shipped b][shipped c]',
    );
    const first = reads.mock.calls.filter((c) => String(c[0]).endsWith('.liquid')).length;
    expect(first).toBe(2);
    for (let i = 0; i < 5; i++) await t.render('list.liquid', { names: ['a', 'b', 'c'] });
    expect(reads.mock.calls.filter((c) => String(c[0]).endsWith('.liquid')).length).toBe(first);
  });

  it('show a save, a file of yours over the shipped one, and the shipped one again once yours is gone', async () => {
    const { t, user, errors, mended } = setup();
    const data = { names: ['x'] };
    expect(await t.render('list.liquid', data)).toBe('[shipped x]');
    fs.writeFileSync(path.join(user, 'card.liquid'), 'mine {{ name }}');
    expect(await t.render('list.liquid', data)).toBe('[mine x]');
    fs.writeFileSync(path.join(user, 'card.liquid'), 'MINE {{ name }}'); // the same size
    expect(await t.render('list.liquid', data)).toBe('[MINE x]');
    fs.writeFileSync(path.join(user, 'card.liquid'), '{% if %} broken');
    expect(await t.render('list.liquid', data)).toBe('[MINE x]'); // its last good text
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^card\.liquid:1: /);
    expect(t.errors()).toEqual(errors);
    fs.writeFileSync(path.join(user, 'card.liquid'), 'mended {{ name }}');
    expect(await t.render('list.liquid', data)).toBe('[mended x]');
    expect(t.errors()).toEqual([]);
    expect(mended).toEqual(errors); // (the hub's notice of it goes)
    fs.writeFileSync(path.join(user, 'card.liquid'), '{% if %} broken again');
    expect(await t.render('list.liquid', data)).toBe('[mended x]');
    expect(errors).toHaveLength(2);
    fs.rmSync(path.join(user, 'card.liquid'));
    expect(await t.render('list.liquid', data)).toBe('[shipped x]');
    expect(t.errors()).toEqual([]);
    expect(mended).toEqual(errors);
  });

  it('show a save of a template rendered by a relative name ("./part.liquid")', async () => {
    const { t, user } = setup();
    fs.writeFileSync(path.join(user, 'page.liquid'), '<{% render "./part.liquid", name: name %}>');
    fs.writeFileSync(path.join(user, 'part.liquid'), 'one {{ name }}');
    expect(await t.render('page.liquid', { name: 'x' })).toBe('<one x>');
    fs.writeFileSync(path.join(user, 'part.liquid'), 'two {{ name }}');
    expect(await t.render('page.liquid', { name: 'x' })).toBe('<two x>');
  });
});
