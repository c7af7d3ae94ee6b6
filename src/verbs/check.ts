import path from 'node:path';
import { ImprovementHistory } from '../reload/improvement-history.js';
import { readLuaSource } from '../reload/read-lua-source.js';
import { ControlError } from '../wire/control-request.js';
import { defineVerb } from './verb.js';
import { bool, int, list, nullable, num, obj, str } from './shape.js';

// `check`: Lua loaded as the improvement it would be (in the sandbox improvements run in, after the
// hub's core, in the worker as a push's trial is), and nothing goes live: its error as
// `file:line: message`, or what it registers. What an agent asks before it pushes; your own files
// (user/, a project's .botster/) are `botster-tui check FILE`'s, loaded as yours.

const named = <T extends Record<string, ReturnType<typeof str>>>(props: T) => list(obj(props));

export const checkVerb = defineVerb({
  name: 'check',
  looks: true,
  summary:
    'load Lua as the improvement it would be (sandboxed; nothing goes live): its errors as file:line: message, or what it registers',
  refusals:
    '`usage` (neither source nor path, both, a path that is not a .lua file or cannot be read, an invalid name)',
  args: {
    source: { type: 'string', doc: 'the Lua (else path)', cli: false },
    path: { type: 'path', doc: 'a .lua file to read it from (absolute)', cli: false },
    name: {
      type: 'string',
      doc: "the improvement's name it is checked as (default: the file's, else check)",
      cli: false,
    },
  },
  answer: obj({
    file: str('how the errors name it'),
    name: str('the improvement it was checked as'),
    loads: bool('it loads: errors is empty'),
    errors: list(str(), 'file:line: message'),
    registers: obj({
      bindings: named({ mode: str(), key: str(), action: str(), desc: str() }),
      unbinds: named({ mode: str(), key: str() }),
      commands: named({ id: str(), desc: str() }),
      hooks: named({ event: str(), name: str() }),
      adapters: list(obj({ name: str(), priority: num() })),
      pieces: list(
        obj({
          slot: str(),
          name: str(),
          size: nullable(int("in its slot's unit (cells or rows)")),
          limit: int(),
          error: nullable(str()),
        }),
      ),
    }),
  }),
  act: async (deps, req) => {
    if (req.source === undefined && req.path === undefined)
      throw new ControlError('check: give source (the Lua) or path (a .lua file)', { reason: 'usage' });
    let source = req.source;
    let file = '';
    if (req.path !== undefined) {
      if (req.source !== undefined)
        throw new ControlError('check: give source or path, not both', { reason: 'usage' });
      if (!req.path.endsWith('.lua'))
        throw new ControlError(`check: ${req.path} is not a .lua file`, { reason: 'usage' });
      file = req.path;
      try {
        source = readLuaSource(req.path);
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        const why =
          e.code === 'EFTYPE' || e.code === 'EISDIR' ? e.message : `cannot read: ${e.code ?? e.message}`;
        throw new ControlError(`check: ${why.startsWith(req.path) ? why : `${req.path}: ${why}`}`, {
          reason: 'usage',
        });
      }
    }
    const base = path.basename(file, '.lua');
    const name = req.name ?? (ImprovementHistory.validName(base) ? base : 'check');
    if (!ImprovementHistory.validName(name))
      throw new ControlError(
        `check: invalid improvement name "${name}" (lower-case letters, digits, - and _)`,
        {
          reason: 'usage',
        },
      );
    // Source alone: named as its push would name it.
    if (req.path === undefined) file = `improvements/${name}.lua`;
    const empty = { bindings: [], unbinds: [], commands: [], hooks: [], adapters: [], pieces: [] };
    try {
      const r = await deps.tryImprovement(name, source ?? '', file);
      const registers = {
        bindings: r.bindings,
        unbinds: r.unbinds,
        commands: r.commands,
        hooks: r.hooks,
        adapters: r.adapters,
        pieces: (r.pieces ?? []).map((p) => ({
          slot: p.slot,
          name: p.name,
          size: p.size,
          limit: p.limit,
          error: p.error ?? null,
        })),
      };
      // A piece that fails on sample data, or does not fit its slot, is an error too (check --render's).
      const errors = registers.pieces.flatMap((p) =>
        p.error
          ? [`${file}: piece ${p.slot}/${p.name}: ${p.error}`]
          : p.size !== null && p.size > p.limit
            ? [`${file}: piece ${p.slot}/${p.name}: ${p.size} of ${p.limit} (too large for the slot)`]
            : [],
      );
      return { file, name, loads: errors.length === 0, errors, registers };
    } catch (err) {
      return { file, name, loads: false, errors: [(err as Error).message], registers: empty };
    }
  },
});
