import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERBS } from '../../src/verbs/table.js';
import { cliDeclarations, verbTable, withVerbTable } from '../../src/verbs/verb-docs.js';
import { VERB_CLI } from '../../src/cli/verb-cli.js';
import { VERB_TOOLS } from '../../src/mcp/verb-tools.js';
import { mcpTools, toolTable, withToolTable } from '../../src/verbs/mcp-tools.js';
import { FLAGS } from '../../src/cli/cli-flags.js';
import { verbSchema } from '../../src/verbs/schema.js';
import { checkArgs } from '../../src/verbs/args.js';
import type { ControlRequest } from '../../src/wire/control-request.js';

// What a verb's declaration gives: docs/protocol.md's row, its JSON Schema, and (the checker) the
// same refusals as the schema says.
const ROOT = path.resolve(import.meta.dirname, '../..');

describe('derived from the verbs’ declarations', () => {
  it('docs/protocol.md has the table the declarations make (npm run docs:protocol writes it)', () => {
    const page = fs.readFileSync(path.join(ROOT, 'docs/protocol.md'), 'utf8');
    expect(withVerbTable(page, verbTable(VERBS))).toBe(page);
  });

  it('docs/mcp.md lists the tools the declarations make (npm run docs:protocol writes it)', () => {
    const page = fs.readFileSync(path.join(ROOT, 'docs/mcp.md'), 'utf8');
    expect(withToolTable(page, toolTable(mcpTools(VERBS)))).toBe(page);
  });

  it('src/cli/verb-cli.ts holds what the declarations make (npm run docs:protocol writes it)', () => {
    expect(VERB_CLI).toEqual(cliDeclarations(VERBS));
  });

  it('src/mcp/verb-tools.ts holds the tools the declarations make (npm run docs:protocol writes it)', () => {
    expect(VERB_TOOLS).toEqual(mcpTools(VERBS));
  });

  it("every verb's flag is a flag of the command line, of its type", () => {
    for (const [verb, c] of Object.entries(VERB_CLI))
      for (const f of c.flags ?? []) {
        // (read --scrollback is a switch there; elsewhere --scrollback N sets the hub's scrollback)
        if (verb === 'read' && f.flag === 'scrollback') continue;
        // (a map's flag is a string given once per NAME=VALUE)
        const want = f.type === 'map' ? { type: 'string', multiple: true } : { type: f.type };
        expect(FLAGS[f.flag], `${verb} --${f.flag}`).toMatchObject(want);
      }
  });

  it('every verb has a schema for its request and its answer', () => {
    for (const v of VERBS) {
      const s = verbSchema(v);
      expect(s.args.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect((s.args.properties as Record<string, unknown>).op).toEqual({ const: v.name });
      expect(s.answer.$schema, v.name).toBe('https://json-schema.org/draft/2020-12/schema');
      for (const [k, a] of Object.entries(v.args))
        expect(a.doc, `${v.name}.${k} says what it is`).toBeTruthy();
    }
    expect(verbSchema(VERBS.find((v) => v.name === 'wait')!).args).toMatchObject({
      required: ['op', 'agent', 'until'],
      additionalProperties: false,
      properties: { timeout_ms: { type: 'number', minimum: 0 } },
    });
    expect(verbSchema(VERBS.find((v) => v.name === 'read')!).answer).toMatchObject({
      type: 'object',
      required: ['agent', 'lines', 'cols', 'rows'],
      properties: { lines: { type: 'array', items: { type: 'string' } } },
    });
  });

  it('refuses an unknown or ill-typed field by name, for every verb', () => {
    const req = (op: string, f: Record<string, unknown>) => ({ op, ...f }) as ControlRequest;
    for (const v of VERBS)
      expect(() => checkArgs(v.name, v.args, req(v.name, { nope: 1 })), v.name).toThrow(
        `${v.name}: unknown argument "nope"`,
      );
    const wait = VERBS.find((v) => v.name === 'wait')!;
    expect(() =>
      checkArgs('wait', wait.args, req('wait', { agent: '1', until: 'idle', timeout_ms: -1 })),
    ).toThrow('timeout_ms must be a number of milliseconds');
    const report = VERBS.find((v) => v.name === 'report')!;
    expect(() => checkArgs('report', report.args, req('report', { agent: '1', state: 'busy' }))).toThrow(
      'report: state must be one of running, waiting, idle, done, got "busy"',
    );
    const nu = VERBS.find((v) => v.name === 'agent.new')!;
    expect(() => checkArgs('new', nu.args, req('new', { command: 'cat', cwd: 'rel' }))).toThrow(
      'cwd must be an absolute path, got "rel"',
    );
    expect(() => checkArgs('new', nu.args, req('new', { command: 'cat', args: [1] }))).toThrow(
      'new: args must be a list of strings',
    );
  });
});
