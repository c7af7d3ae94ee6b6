// docs/architecture.md walks the two flows (a key; a PTY chunk) hop by hop: every hop names a
// file and a function. This keeps the walk true as the code moves: each file exists and defines
// the function named beside it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const doc = fs.readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
const section = doc.slice(
  doc.indexOf('## The two flows'),
  doc.indexOf('\n## ', doc.indexOf('## The two flows') + 1),
);

/** Every "`file` `Function`" pair the section names (Class.method: the method is looked for). */
function hops(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const m of section.matchAll(/`((?:src|lua|keybindings)\/[\w./-]+\.(?:ts|tsx|lua))` `([\w.:]+)`/g))
    out.push([m[1], m[2]]);
  return out;
}

/** Whether `file` defines `name` (a function, a method, a local function in Lua). */
function defines(file: string, name: string): boolean {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const [owner, member] = name.includes('.') ? name.split('.') : [null, name];
  if (owner && !new RegExp(`\\b(class|interface)\\s+${owner}\\b`).test(text)) return false;
  const fn = member.replace(/[^\w]/g, '');
  return new RegExp(
    `(function\\s+(\\w+[.:])?${fn}\\b|\\b(async\\s+|private\\s+|readonly\\s+)*${fn}\\s*(<[^>]*>)?\\(|\\b${fn}\\s*[:=]\\s*(async\\s*)?\\(|const\\s+${fn}\\s*=)`,
  ).test(text);
}

describe('the two flows in docs/architecture.md', () => {
  it('walks a key and a PTY chunk', () => {
    expect(section).toContain('### A key');
    expect(section).toContain('### A PTY chunk');
    expect(hops().length).toBeGreaterThan(25);
  });

  it.each(hops())('%s defines %s', (file, name) => {
    expect(fs.existsSync(path.join(ROOT, file)), `${file} is gone`).toBe(true);
    expect(defines(file, name), `${file} has no ${name}`).toBe(true);
  });

  /** Each flow's steps: number, file, function, the step it comes from, the wiring it comes through. */
  function steps(flow: string) {
    return [
      ...flow.matchAll(
        /^(\d+)\. `((?:src|lua)\/[\w./-]+)` `([\w.:]+)`(?: \(from (\d+)(?:, through `([\w./-]+)`)?\))?/gm,
      ),
    ].map((m) => ({
      n: Number(m[1]),
      file: m[2],
      fn: m[3],
      from: m[4] ? Number(m[4]) : undefined,
      through: m[5],
    }));
  }
  const flows = section.split('\n### ').slice(1);
  const calls = flows.flatMap((flow) => {
    const list = steps(flow);
    return list.slice(1).map((step) => {
      const caller = list.find((x) => x.n === (step.from ?? step.n - 1))!;
      return [`${flow.split('\n')[0]}: ${caller.n} -> ${step.n}`, caller, step] as const;
    });
  });

  it.each(calls)(
    '%s: the caller (or the wiring it goes through) names the next step',
    (_name, caller, step) => {
      const member = step.fn.split(/[.:]/).pop()!;
      const names = (file: string) =>
        new RegExp(`(\\.|\\b)${member}\\b\\s*(\\(|:|,|\\))|'${member}'`).test(
          fs.readFileSync(path.join(ROOT, file), 'utf8'),
        );
      expect(caller, `step ${step.n} names a step that is not there`).toBeDefined();
      expect(names(step.through ?? caller.file), `${step.through ?? caller.file} never names ${member}`).toBe(
        true,
      );
    },
  );

  it('a key does not go through src/app/hub.ts', () => {
    const key = section.slice(section.indexOf('### A key'), section.indexOf('### A PTY chunk'));
    expect(key).not.toMatch(/^\d+\. `src\/app\/hub\.ts`/m);
  });
});
