import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { until } from '../support/hub.js';
import { run, screen, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { hubCli } from '../support/cli.js';
import { accountRows as rows, accountsHome as setup, hubLog } from '../support/accounts.js';

import { BIN_DIR, remoteHomes } from '../support/remote.js';

// A move carries the agent's account by name (src/remote/move-pack.ts, move-land.ts and
// lua/default/accounts.lua's before_agent_arrive): an agent on account "one" here resumes there on
// that machine's own account "one" (its own folder, its own login), its transcript taken from the
// folder it ran with here and laid in that account's folder there. The other machine is another
// home on this one, reached through `env`; the CLI is the accounts tests' fake Claude Code.

const FAKE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../usage/fixtures/fake-account-cli');
/** A hub's log, or nothing when it wrote none. */
const logOf = (home: string) => {
  try {
    return hubLog(home);
  } catch {
    return '';
  }
};
const lua = (words: string[]) => `{ ${words.map((w) => JSON.stringify(w)).join(', ')} }`;

describe('a move and accounts', () => {
  const { running, homes } = stoppedAfterEach();
  const remoteHome = remoteHomes();

  it("an agent on an account resumes there on that machine's account of the same name, its conversation in that account's folder", async () => {
    const there = remoteHome();
    const reach = [
      'env',
      `PATH=${BIN_DIR}:${FAKE}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
      'SHELL=/bin/sh',
    ];
    const s = setup(
      ['one', 'two'],
      `machines.define("near", { exec = ${lua(reach)}, home = ${JSON.stringify(there)} })`,
    );
    // (in the home, outside the hub's: a boxed agent sees its account's folder, never a hub's)
    const thereDirs = {
      zed: path.join(s.base, 'claude zed there'),
      one: path.join(s.base, 'claude one there'),
    };
    fs.mkdirSync(path.join(there, 'user'), { recursive: true });
    // (there the first account is another: the same name wins over the first with room)
    fs.writeFileSync(
      path.join(there, 'user', 'accounts.lua'),
      Object.entries(thereDirs)
        .map(
          ([n, d]) =>
            `accounts.define(${JSON.stringify(n)}, { cli = "claude", env = { CLAUDE_CONFIG_DIR = ${JSON.stringify(d)} } })`,
        )
        .join('\n') + '\n',
    );
    homes.push(s.home);
    const r = run(['--home', s.home], 120, 30, { env: s.env, cwd: s.work });
    running.push(r);
    const fail = (err: Error) => {
      throw new Error(`${err.message}\n${screen(r.term)}\n${logOf(s.home)}\n${logOf(there)}`);
    };
    await until('the shell agent', () => rows(s.home)[0], 20000);
    expect(hubCli(s.home, ['new', '--name', 'c', '--', 'claude'], { env: s.env, cwd: s.work }).status).toBe(
      0,
    );
    const started = await until(
      'c on account one, in its conversation',
      () => rows(s.home).find((x) => x.account === 'one' && x.session),
      20000,
    ).catch(fail);
    expect(hubCli(s.home, ['send', 'c', 'said here', '--keys', 'enter'], { env: s.env }).status).toBe(0);
    await waitScreen(r, /got: said here/, 20000).catch(fail);
    const ended = () => ['done', 'idle'].includes(rows(s.home).find((x) => x.id === started.id)?.state ?? '');
    await until('its turn ended', ended, 20000).catch(fail);

    const moved = hubCli(s.home, ['move', 'c', 'near', '--json'], { env: s.env, timeout: 90000 });
    expect(moved.status, `${moved.stderr}\n${logOf(there)}`).toBe(0);
    expect(JSON.parse(moved.stdout)).toMatchObject({ from: 'local', to: 'near', resumed: true });
    // Its transcript is in account one's folder there, not in the other account's, nor ~/.claude.
    const project = s.work.replace(/[^a-zA-Z0-9]/g, '-');
    const laid = path.join(thereDirs.one, 'projects', project, `${started.session}.jsonl`);
    expect(fs.readFileSync(laid, 'utf8')).toContain('said here');
    expect(fs.existsSync(path.join(thereDirs.zed, 'projects', project))).toBe(false);
    // Listed here from near, on account one there, resumed in the same conversation.
    const row = await until(
      'listed from near',
      () => rows(s.home).find((x) => (x as { machine?: string }).machine === 'near' && x.session),
      20000,
    ).catch(fail);
    // (in the same box there, as it ran here)
    expect(row).toMatchObject({ account: 'one', session: started.session, box: { name: 'default' } });
    // What its hub says of its box and account stays, whatever changes of it here (a new name).
    expect(hubCli(s.home, ['rename', 'c', 'c-moved'], { env: s.env }).status).toBe(0);
    const renamed = await until(
      'renamed',
      () => rows(s.home).find((x) => (x as { name?: string }).name === 'c-moved'),
      10000,
    ).catch(fail);
    expect(renamed).toMatchObject({ account: 'one', box: { name: 'default' } });
    const read = hubCli(s.home, ['read', 'c-moved'], { env: s.env }).stdout;
    expect(read).toContain(`resumed ${started.session} in claude one there`);
    expect(read).toContain('earlier: said here');
  }, 120_000);
});
