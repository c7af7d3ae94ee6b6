import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WIDGETS } from '../../src/widgets/registry.js';
import { widgetBuildersChunk } from '../../src/widgets/lua-builders.js';
import { validateTree } from '../../src/widgets/validate-tree.js';
import { LuaEngine } from '../../src/lua/engine/index.js';

// A widget is one file (src/widgets/NAME.tsx: builder, props, reading, drawing) and a line in the
// registry; its annotation (lua/meta/ui.lua) and its doc line (docs/lua/ui.md) are the only other
// places that name it. Nothing else switches over widget types.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');
const meta = read('lua/meta/ui.lua');
const doc = read('docs/lua/ui.md');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('a widget is one file in one registry', () => {
  it.each(WIDGETS.map((w) => [w.type, w] as const))('ui.%s: its file, annotation and doc line', (type, w) => {
    const file = read(`src/widgets/${type}.tsx`);
    expect(file).toContain(`export const ${type} = defineWidget`);
    // Its node type joins WidgetNode from its own file.
    expect(file).toMatch(new RegExp(`interface WidgetNodes \\{\\s*${type}:`));
    expect(meta).toContain(`function ui.${type}(`);
    expect(doc).toContain(`\`ui.${type}(`);
    // Each prop it takes is annotated (LuaLS flags an unannotated one as unknown), unless its
    // builder fills it from an argument.
    const filled = new Set([...('args' in w.lua ? w.lua.args : []), ...(w.filled ?? [])]);
    const missing = w.props.filter((p) => !filled.has(p) && !meta.includes(`---@field ${p}?`));
    expect(missing).toEqual([]);
  });

  it('has no switch over widget types outside src/widgets/, and lua/core/ui.lua names none', () => {
    const types = WIDGETS.map((w) => w.type);
    const cases = sourceFiles(path.join(ROOT, 'src'))
      .filter((f) => !f.includes(`${path.sep}widgets${path.sep}`))
      .flatMap((f) => {
        const src = fs.readFileSync(f, 'utf8');
        if (!src.includes('WidgetNode')) return [];
        return types
          .filter((t) => src.includes(`case '${t}':`))
          .map((t) => `${path.relative(ROOT, f)}: ${t}`);
      });
    expect(cases).toEqual([]);
    const uiLua = read('lua/core/ui.lua');
    expect(types.filter((t) => uiLua.includes(`type = "${t}"`))).toEqual([]);
  });

  it('lists each widget once, under the name of its file', () => {
    const files = fs
      .readdirSync(path.join(ROOT, 'src/widgets'))
      .filter((f) => f.endsWith('.tsx'))
      .map((f) => f.replace(/\.tsx$/, ''))
      .filter((f) => /defineWidget</.test(read(`src/widgets/${f}.tsx`)));
    expect(WIDGETS.map((w) => w.type).sort()).toEqual(files.sort());
  });
});

describe('every widget builds in Lua from the registry', () => {
  let engine: LuaEngine;
  beforeAll(async () => {
    engine = await LuaEngine.create();
    engine.run('__botster = {}', 'prelude');
    engine.run(widgetBuildersChunk(), '=widgets');
    engine.run(read('lua/core/ui.lua'), 'lua/core/ui.lua');
  });
  afterAll(() => engine.close());

  it('gives ui.NAME for each, and names a widget it does not know', () => {
    const missing = WIDGETS.filter((w) => engine.run(`return type(ui.${w.type})`, 't')[0] !== 'function');
    expect(missing).toEqual([]);
    expect(() => engine.run('return ui.colum({})', 'user/layout.lua')).toThrow(/unknown widget ui.colum/);
  });

  it('builds trees the hub reads: containers, positional arguments, defaults, own builders', () => {
    const [raw] = engine.run(
      `return ui.column{ gap = 1,
        ui.panel({ title = "P" }, ui.text("hi", { bold = true })),
        ui.list({ "a", "b" }, { selected = 2 }),
        ui.terminal({ id = "7" }, { scroll = 3 }),
        ui.row{ ui.spacer(), ui.status_bar({ left = "L" }) } }`,
      'user/layout.lua',
    );
    expect(validateTree(raw)).toMatchObject({
      type: 'column',
      props: { gap: 1 },
      children: [
        {
          type: 'panel',
          props: { border: 'rounded', title: 'P' },
          children: [{ type: 'text', spans: [{ text: 'hi' }] }],
        },
        { type: 'list', selected: 2, items: [{ spans: [{ text: 'a' }] }, { spans: [{ text: 'b' }] }] },
        { type: 'terminal', agent: '7', scroll: 3 },
        {
          type: 'row',
          children: [
            { type: 'spacer', props: { grow: 1 } },
            { type: 'status_bar', left: [{ text: 'L' }] },
          ],
        },
      ],
    });
  });

  it('says which builder was given props that are not a table, at the caller', () => {
    expect(() => engine.run('local w = ui.header("x")\nreturn w', 'user/layout.lua')).toThrow(
      /user\/layout.lua:1: ui.header expects a props table, got string/,
    );
    expect(() => engine.run('local w = ui.terminal("1", 5)\nreturn w', 'user/layout.lua')).toThrow(
      /user\/layout.lua:1: ui.terminal expects a props table, got number/,
    );
  });
});
