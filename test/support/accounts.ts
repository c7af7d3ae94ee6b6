import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { realHome } from './hub.js';
import { ptyEnv, run, waitScreen } from './cli-pty.js';
import { hubCli } from './real-claude.js';

// Accounts end to end with a fake Claude Code (test/usage/fixtures/fake-account-cli: its
// transcript where the real one keeps it, its 5-hour window as its status line reports it):
// a hub home whose user/accounts.lua defines the accounts, and what the tests read of it.

const FAKE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../usage/fixtures/fake-account-cli');

export interface AccountRow {
  id: string;
  state: string;
  account?: string;
  session?: string | null;
  command: string;
  draft?: boolean;
  usage?: { limits?: Record<string, { used_pct: number }> };
}

/** The agents of the hub at `home`, as `agents --json` lists them. */
export const accountRows = (home: string): AccountRow[] => {
  const out = JSON.parse(hubCli(home, 'agents', '--json').stdout || '[]') as
    AccountRow[] | { agents: AccountRow[] };
  return Array.isArray(out) ? out : out.agents;
};

/** A hub home whose user/accounts.lua defines `names` (claude, each its own config folder), `extra` after. */
export function accountsHome(names: string[], extra = '') {
  const home = realHome('spaces');
  const base = path.dirname(home);
  const work = path.join(base, 'work dir');
  fs.mkdirSync(work, { recursive: true });
  const dirs = Object.fromEntries(names.map((n) => [n, path.join(base, `claude ${n}`)]));
  fs.mkdirSync(path.join(home, 'user'), { recursive: true });
  const defines = names
    .map(
      (n) =>
        `accounts.define(${JSON.stringify(n)}, { cli = "claude", env = { CLAUDE_CONFIG_DIR = ${JSON.stringify(dirs[n])} } })`,
    )
    .join('\n');
  fs.writeFileSync(path.join(home, 'user', 'accounts.lua'), `${defines}\n${extra}\n`);
  /** The account's 5-hour window, as its status line will report it (reset in `resetIn` s). */
  const window = (n: string, pct: number, resetIn = 3600) => {
    fs.mkdirSync(dirs[n], { recursive: true });
    fs.writeFileSync(path.join(dirs[n], 'five-hour'), `${pct}\n${Math.floor(Date.now() / 1000) + resetIn}\n`);
  };
  const env = ptyEnv({
    HOME: base,
    PATH: `${FAKE}:${process.env.PATH}`,
    BOTSTER_SOCKET: undefined,
    BOTSTER_HOME: undefined,
  });
  return { home, base, work, dirs, window, env, defines };
}

/** You answer the hub's question "move it to NAME?" with move (Ctrl+g o opens it; typing picks). */
export async function answerMove(r: ReturnType<typeof run>, to: string): Promise<void> {
  await waitScreen(r, new RegExp(`The hub asks: .*move it to ${to}\\?`), 20000);
  r.pty.write('\x07o');
  await waitScreen(r, /restart it on account/, 10000);
  r.pty.write('move\r');
}

/** The hub's log at `home`. */
export const hubLog = (home: string): string => fs.readFileSync(path.join(home, 'logs', 'hub.log'), 'utf8');
