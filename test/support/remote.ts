import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import type { Duplex } from 'node:stream';
import { BIN, killServer } from './cli-pty.js';
import { tempHome } from './hub.js';
import { procDialer } from '../../src/remote/proc-dialer.js';
import { ControlClientError } from '../../src/wire/control-client.js';
import { MAX_SERVER_MESSAGE, MSG, MessageReader, encode, type Message } from '../../src/wire/protocol.js';

// Homes acting as other machines: their servers are started by `botster-tui proxy` and stopped
// after each test.

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../remote/fixtures');
export const FAKE_SSH = path.join(FIXTURES, 'fake-ssh');
export const BIN_DIR = path.dirname(BIN);

/** The environment every child gets: no hub of ours inherited, a plain shell for default agents. */
export function childEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const e: Record<string, string | undefined> = {
    ...process.env,
    CI: 'true',
    SHELL: '/bin/sh',
    BOTSTER_AGENT_ID: undefined,
    BOTSTER_SOCKET: undefined,
    BOTSTER_HOME: undefined,
    ...extra,
  };
  for (const [k, v] of Object.entries(e)) if (v === undefined) delete e[k];
  return e as Record<string, string>;
}

/** Fresh homes whose servers are killed after each test (call once per suite). */
export function remoteHomes(): () => string {
  const homes: string[] = [];
  afterEach(() => {
    for (const h of homes.splice(0)) killServer(h, childEnv());
  });
  return () => {
    const h = tempHome();
    homes.push(h);
    return h;
  };
}

/** The proxy of `home` over plain pipes (no ssh): what a dialer gets from ssh, without it. */
export function pipeDialer(home: string, extra: string[] = []) {
  return procDialer({
    label: 'pipes',
    argv: [process.execPath, BIN, 'proxy', '--home', home, ...extra],
    env: childEnv(),
    failure: ({ code, stderr }) => new ControlClientError('LINK', `proxy exited ${code}: ${stderr}`),
  });
}

/** Reads attach messages off a stream. */
export function messages(stream: Duplex): {
  next: (type: number, ms?: number) => Promise<Message>;
  all: Message[];
} {
  const reader = new MessageReader(MAX_SERVER_MESSAGE);
  const all: Message[] = [];
  let wake = () => {};
  stream.on('data', (d: Buffer) => {
    all.push(...reader.push(d).messages);
    wake();
  });
  let seen = 0;
  const next = async (type: number, ms = 15000): Promise<Message> => {
    const end = Date.now() + ms;
    for (;;) {
      while (seen < all.length) {
        const m = all[seen++];
        if (m.type === type) return m;
      }
      if (Date.now() > end)
        throw new Error(
          `no message of type ${type} within ${ms} ms (got ${all.map((m) => m.type).join(',')})`,
        );
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 100);
      });
    }
  };
  return { next, all };
}

export { encode, MSG };

/** Every process below `pid` (children first), from /proc. */
export function descendants(pid: number): Array<{ pid: number; ppid: number; cmd: string }> {
  const all: Array<{ pid: number; ppid: number; cmd: string }> = [];
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      all.push({
        pid: Number(e),
        ppid,
        cmd: fs.readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0').join(' ').trim(),
      });
    } catch {
      // gone meanwhile
    }
  }
  const out: Array<{ pid: number; ppid: number; cmd: string }> = [];
  const walk = (p: number) => {
    for (const c of all.filter((x) => x.ppid === p)) {
      out.push(c);
      walk(c.pid);
    }
  };
  walk(pid);
  return out;
}
