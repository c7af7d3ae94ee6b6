import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, killKeepers, killServer } from '../support/cli-pty.js';
import { tempHome } from '../support/hub.js';
import { controlRequest, resolveSocketPath } from '../../src/wire/control-client.js';
import { until } from '../support/wait.js';

// Issue 67, item 1: no output is lost across a kill -9 of the server while an agent floods, on a
// busy machine. (When the server that started an agent read its terminal itself, what it had read
// and not yet handed to the keeper died with it: lines lost in 17 of 20 kills.) Each round here
// starts a server with a new agent flooding numbered lines (the agents of the rounds before are
// adopted, through their keepers), kills it with SIGKILL mid-flood, and stops the flood. The next
// server must show every agent's lines, 1 to its last, none missing.

const KILLS = 20;
const servers: ChildProcess[] = [];
const hogs: ChildProcess[] = [];
const homes: string[] = [];
afterEach(() => {
  for (const p of [...servers.splice(0), ...hogs.splice(0)]) p.kill('SIGKILL');
  for (const h of homes.splice(0)) {
    killServer(h);
    killKeepers(h);
  }
});

function env(): Record<string, string> {
  const e = { ...process.env, CI: 'true' } as Record<string, string>;
  delete e.BOTSTER_SOCKET;
  return e;
}

/** `botster-tui server` in the foreground, starting `agent` beside what it adopts. */
function server(home: string, agent?: string): ChildProcess {
  const args = [BIN, 'server', '--home', home, '--size', '100x30', '--scrollback', '50000'];
  const s = spawn(process.execPath, agent ? [...args, '--agent', agent] : args, {
    env: env(),
    stdio: 'ignore',
  });
  servers.push(s);
  return s;
}

/** The numbers agent `k` printed, in the order the server shows them, and its last one. */
function numbers(text: string, k: number): { seen: number[]; last: number | null } {
  const seen: number[] = [];
  let last: number | null = null;
  for (const line of text.split('\n')) {
    const n = new RegExp(`^a${k} n(\\d+)$`).exec(line.trim());
    if (n) seen.push(Number(n[1]));
    const end = new RegExp(`^a${k} end (\\d+)$`).exec(line.trim());
    if (end) last = Number(end[1]);
  }
  return { seen, last };
}

/** The number server `socket` gives the agent whose command names `tag`. */
async function idOf(socket: string, tag: string): Promise<string | null> {
  const rows = await controlRequest(socket, { op: 'agents' }).catch(() => null);
  const list = Array.isArray(rows?.agents) ? (rows.agents as Array<{ id: string; command: string }>) : [];
  return list.find((a) => a.command.includes(tag))?.id ?? null;
}

/** What server `socket` shows of the agent whose command names `tag` (its scrollback too). */
async function shown(socket: string, tag: string, scrollback = false): Promise<string> {
  const id = await idOf(socket, tag);
  if (!id) return '';
  const r = await controlRequest(socket, { op: 'read', agent: id, scrollback }).catch(() => null);
  return Array.isArray(r?.lines) ? r.lines.join('\n') : '';
}

describe('output across kill -9 of the server', () => {
  it(
    `loses no line of a flooding agent in ${KILLS} kills on a busy machine`,
    { timeout: 120000 },
    async () => {
      const home = path.join(tempHome(), '.botster');
      homes.push(home);
      fs.mkdirSync(home, { recursive: true, mode: 0o700 });
      const socket = resolveSocketPath(env(), home);
      const lost: string[] = [];
      /** Agent k's lines as this server shows them, once it printed its last. */
      const check = async (k: number) => {
        const got = await until(
          `agent ${k}'s last line`,
          async () => {
            const n = numbers(await shown(socket, `stop${k} `, true), k);
            return n.last !== null && n;
          },
          30000,
        );
        const want = Array.from({ length: got.last! }, (_, i) => i + 1);
        const missing = want.filter((n) => !got.seen.includes(n));
        // Done with: stopped through this server (its keeper ends with it), not adopted again.
        await controlRequest(socket, { op: 'kill', agent: (await idOf(socket, `stop${k} `))! });
        if (missing.length)
          lost.push(`agent ${k}: ${missing.length} of ${got.last} (${missing.slice(0, 3)}...)`);
        else expect(got.seen).toEqual(want);
      };
      // A busy machine: a process that never sleeps, beside the hub and its agents.
      hogs.push(spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' }));
      for (let k = 1; k <= KILLS; k++) {
        const go = path.join(home, `go${k}`);
        const stop = path.join(home, `stop${k}`);
        // Numbered lines as fast as the terminal takes them, from the go until the stop (at most
        // 45 000: a loaded machine that is slow to reap the server must not push the first lines
        // out of the 50 000 the next server's scrollback keeps, which would be no loss of ours).
        const agent =
          `sh -c 'until [ -e ${go} ]; do sleep 0.02; done; i=0; ` +
          `while [ ! -e ${stop} ] && [ $i -lt 45000 ]; do i=$((i+1)); echo "a${k} n$i"; done; echo "a${k} end $i"; exec sleep 600'`;
        const s = server(home, agent);
        // This server adopted the agent of the round before (through its keeper): all of it is there.
        if (k > 1) await check(k - 1);
        fs.writeFileSync(go, '');
        // Killed once this server has shown the flood a while (the terminal's own buffer holds some
        // 60 KiB: a mark the agent made itself could come before the server read anything).
        await until(
          `agent ${k} flooding in its server`,
          async () => Math.max(0, ...numbers(await shown(socket, `stop${k} `), k).seen) >= 1000,
          30000,
        );
        const gone = new Promise((r) => s.once('exit', r));
        s.kill('SIGKILL');
        // Stopped once that server is reaped: its threads are gone and its sockets closed with them
        // (its main thread shows as dead while other threads still hold them, and its keeper would
        // tell the next server it is busy); an exit it got as it died would end the keeper with it.
        await gone;
        fs.writeFileSync(stop, '');
      }
      hogs.splice(0).forEach((h) => h.kill('SIGKILL'));
      server(home);
      await check(KILLS);
      expect(lost, `lines lost in ${lost.length} of ${KILLS} kills`).toEqual([]);
    },
  );
});
