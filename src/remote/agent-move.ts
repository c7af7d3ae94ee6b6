import crypto from 'node:crypto';
import { MoveRefused } from './move-git.js';
import type { Packed } from './move-pack.js';
import type { AgentRow } from '../wire/control-request.js';

// `move AGENT MACHINE`: the source packs the agent (its branch, its conversation's transcripts, how
// it resumes), the parts cross to the target, the target lays them down and starts the agent in
// its conversation, and only once the target says it runs does the source stop its own. Any
// failure before that leaves the source running, and says why. This hub drives it: each end is this
// hub (./move-pack.ts, ./move-land.ts through the verbs) or another machine's over its link.

/** One side of a move: this hub, or a machine's over its link. */
export interface MoveEnd {
  /** How messages name it ("this machine", "pod"). */
  label: string;
  pack(agent: string): Promise<Packed>;
  read(transfer: string, key: string, offset: number): Promise<Buffer>;
  write(transfer: string, key: string, offset: number, data: Buffer): Promise<void>;
  /** Lands it; its id there (and its row, as that hub lists it). */
  land(p: Packed, into: string): Promise<{ id: string; row?: AgentRow }>;
  /** Stops it and takes it off the list. */
  leave(agent: string): Promise<void>;
  drop(transfer: string): Promise<void>;
}

export interface Moved {
  packed: Packed;
  landed: { id: string; row?: AgentRow };
}

/**
 * Moves `agent` (as `from` names it) to `to`, named `name` there when that is free (the name this
 * hub shows: each hub's names are its own); throws a MoveRefused (or what an end said) when it did not.
 */
export async function moveAgent(from: MoveEnd, to: MoveEnd, agent: string, name?: string): Promise<Moved> {
  const packed = { ...(await from.pack(agent)), ...(name ? { name } : {}) };
  // (a transfer of its own there: two machines may share a /tmp, one host reached two ways)
  const into = crypto.randomBytes(8).toString('hex');
  let landed: Moved['landed'];
  try {
    for (const f of packed.files) {
      if (f.size === 0) await to.write(into, f.key, 0, Buffer.alloc(0));
      for (let off = 0; off < f.size;) {
        const part = await from.read(packed.transfer, f.key, off);
        if (part.length === 0) throw new MoveRefused(`${f.key} ended at ${off} of its ${f.size} bytes`);
        await to.write(into, f.key, off, part);
        off += part.length;
      }
    }
    landed = await to.land(packed, into);
  } catch (err) {
    await to.drop(into).catch(() => {});
    throw err;
  } finally {
    await from.drop(packed.transfer).catch(() => {});
  }
  try {
    await from.leave(agent);
  } catch (err) {
    throw new MoveRefused(
      `${packed.name} runs on ${to.label} now, but did not stop on ${from.label}: ${(err as Error).message}`,
      'not_stopped',
    );
  }
  return { packed, landed };
}

/** A machine's hub over its link: each step one request there (the move.* verbs). */
export function linkEnd(
  label: string,
  link: {
    request(
      req: Record<string, unknown> & { op: string },
      timeoutMs?: number,
    ): Promise<Record<string, unknown>>;
  },
): MoveEnd {
  const ask = async (req: Record<string, unknown> & { op: string }, ms = 60_000) => {
    const r = await link.request(req, ms);
    if (r.ok !== true) throw new MoveRefused(`${label}: ${String(r.error)}`, String(r.reason ?? 'refused'));
    return r;
  };
  return {
    label,
    pack: async (agent) => (await ask({ op: 'move.pack', agent }, 120_000)).packed as Packed,
    read: async (transfer, key, offset) =>
      Buffer.from(String((await ask({ op: 'move.part', transfer, key, offset })).data ?? ''), 'base64'),
    write: async (transfer, key, offset, data) =>
      void (await ask({ op: 'move.part', transfer, key, offset, data: data.toString('base64') })),
    land: async (p, into) => {
      const r = await ask({ op: 'move.land', pack: JSON.stringify(p), transfer: into }, 240_000);
      const row = r.agent as AgentRow;
      return { id: row.id, row };
    },
    leave: async (agent) => {
      await ask({ op: 'kill', agent });
      await ask({ op: 'wait', agent, until: 'exited', timeout_ms: 20_000 }, 40_000);
      await ask({ op: 'close', agent });
    },
    drop: async (transfer) => void (await ask({ op: 'move.part', transfer, drop: true })),
  };
}
