import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { until } from '../support/wait.js';
import { ask, workRepo } from '../support/move.js';

// The move.part verb: a move's transfer crosses in parts (one request each, well under the
// socket's 1 MiB a line): read at an offset, written in order at the end, dropped.

const fleet = fleetHubs();

describe('move.part', { timeout: 60_000 }, () => {
  it('reads a transfer in parts, writes one in order only, and drops it; a name that is not a transfer is refused', async () => {
    const { repo } = workRepo();
    // (a file big enough for two parts, not committed: its work crosses in the bundle too)
    fs.writeFileSync(path.join(repo, 'big.bin'), crypto.randomBytes(900_000));
    const { hub, socket } = await fleet([]);
    await ask(socket, { op: 'new', command: 'cat', cwd: repo, name: 'w' });
    await until('it runs', () => hub.agents.list().some((a) => a.info.name === 'w'));
    const p = (await ask(socket, { op: 'move.pack', agent: 'w' })).packed as {
      transfer: string;
      files: Array<{ key: string; size: number }>;
    };
    const size = p.files[0].size;
    expect(size).toBeGreaterThan(512 * 1024);
    const into = 'f00dfeedf00dfeed';
    const parts: number[] = [];
    for (let off = 0; off < size;) {
      const r = await ask(socket, { op: 'move.part', transfer: p.transfer, key: 'bundle', offset: off });
      expect(r.ok, String(r.error)).toBe(true);
      parts.push(Number(r.bytes));
      if (off > 0) {
        // (out of order: refused)
        const early = await ask(socket, {
          op: 'move.part',
          transfer: into,
          key: 'bundle',
          offset: off + 1,
          data: String(r.data),
        });
        expect(early).toMatchObject({ ok: false, reason: 'usage' });
        expect(String(early.error)).toMatch(/part of bundle at \d+, but \d+ bytes came so far/);
      }
      expect(
        await ask(socket, {
          op: 'move.part',
          transfer: into,
          key: 'bundle',
          offset: off,
          data: String(r.data),
        }),
      ).toMatchObject({ ok: true });
      off += Number(r.bytes);
    }
    expect(parts.length).toBeGreaterThan(1);
    const a = fs.readFileSync(path.join(os.tmpdir(), `botster-move-${p.transfer}`, 'bundle'));
    const b = fs.readFileSync(path.join(os.tmpdir(), `botster-move-${into}`, 'bundle'));
    expect(b.equals(a)).toBe(true);
    for (const t of [p.transfer, into]) {
      expect(await ask(socket, { op: 'move.part', transfer: t, drop: true })).toMatchObject({ ok: true });
      expect(fs.existsSync(path.join(os.tmpdir(), `botster-move-${t}`))).toBe(false);
    }
    expect(
      await ask(socket, { op: 'move.part', transfer: '../etc', key: 'bundle', offset: 0 }),
    ).toMatchObject({ ok: false, reason: 'usage', error: 'no transfer "../etc"' });
    expect(await ask(socket, { op: 'move.part', transfer: into, key: '../x', offset: 0 })).toMatchObject({
      ok: false,
      reason: 'usage',
    });
  });
});
