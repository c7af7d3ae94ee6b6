import { ControlError } from '../wire/control-request.js';
import { dropTransfer, PART_BYTES, readPart, writePart } from '../remote/move-files.js';
import { int, obj, opt, str } from './shape.js';
import { defineVerb } from './verb.js';

// `move.part`: one part of a move's transfer folder (verbs/move.ts): read at an offset (up to 512
// KiB, base64), written at the end of what came so far, or the folder dropped. The user's alone.

export const movePartVerb = defineVerb({
  name: 'move.part',
  summary: "one part of a move's transfer: read it, write it, or drop the transfer",
  refusals: '`usage` (no such transfer or part, a part out of order)',
  args: {
    transfer: { type: 'string', required: true, nonEmpty: true, doc: "the transfer's id", cli: false },
    key: { type: 'string', nonEmpty: true, doc: 'which file: bundle, t0, t1, ...', cli: false },
    offset: { type: 'count', doc: 'where the part starts', cli: false },
    data: { type: 'string', doc: 'the part to write (base64); absent: read one', cli: false },
    drop: { type: 'boolean', doc: 'drop the transfer folder', cli: false },
  },
  answer: obj({ data: opt(str('the part read (base64)')), bytes: int('bytes read or written') }),
  act: (_deps, req) => {
    try {
      if (req.drop === true) {
        dropTransfer(req.transfer);
        return { bytes: 0 };
      }
      if (!req.key) throw new Error('name the part (key)');
      const at = req.offset ?? 0;
      if (typeof req.data === 'string') {
        const data = Buffer.from(req.data, 'base64');
        if (data.length > PART_BYTES) throw new Error(`a part is at most ${PART_BYTES} bytes`);
        writePart(req.transfer, req.key, at, data);
        return { bytes: data.length };
      }
      const part = readPart(req.transfer, req.key, at, PART_BYTES);
      return { data: part.toString('base64'), bytes: part.length };
    } catch (err) {
      throw new ControlError((err as Error).message, { reason: 'usage' });
    }
  },
});
