import { execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { killKeepers, killServer } from '../support/cli-pty.js';
import { tempHome } from '../support/hub.js';
import { isAlive, waitDead } from '../support/process-alive.js';
import { until } from '../support/wait.js';
import { cliSpawn, cliSync, cliLine } from '../support/cli.js';

// An agent's line, with real processes (a hub server, its keepers, an agent's own scripts): what an
// agent starts stays its own however it detaches (its keeper is its subreaper, and the hub counts a
// keeper's descendants as its agent's), and a keeper serves only a hub server of its home, told
// from the kernel (docs/keeper.md#who-a-keeper-serves, docs/security.md).

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.resolve(HERE, '../../dist');
const WHOAMI = `${process.execPath} ${path.join(HERE, 'fixtures/whoami.mjs')} ${path.join(DIST, 'wire/control-client.js')}`;
const KNOCK = `${process.execPath} ${path.join(HERE, 'fixtures/keeper-knock.mjs')}`;
const CLI = cliLine();
// The real tmux, by its path: `tmux` on an agent's PATH is the hub's own surface (docs/teams.md).
const TMUX = execFileSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).trim();

const servers: ChildProcess[] = [];
const homes: string[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.kill('SIGKILL');
  for (const h of homes.splice(0)) {
    killServer(h);
    killKeepers(h);
    // What the agents' scripts left (each names the home on its command line).
    for (const pid of processesNaming(h)) kill(pid);
  }
});

function kill(pid: number) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
}
function processesNaming(text: string): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(text)) pids.push(Number(name));
    } catch {
      // gone
    }
  }
  return pids;
}

function env() {
  const e = { ...process.env, CI: 'true' } as Record<string, string>;
  delete e.BOTSTER_SOCKET;
  delete e.BOTSTER_AGENT_ID;
  delete e.TMUX;
  return e;
}
function cli(home: string, ...args: string[]) {
  return cliSync([args[0], '--home', home, ...args.slice(1)], {
    encoding: 'utf8',
    env: env(),
    timeout: 30000,
  });
}
function server(home: string) {
  const s = cliSpawn(['server', '--home', home, '--size', '100x30'], {
    env: env(),
    stdio: 'ignore',
  });
  servers.push(s);
  return { s, exit: new Promise<void>((r) => s.on('exit', () => r())) };
}
interface Row {
  id: string;
  name: string;
  pid: number;
  status: string;
}
const agentsOf = (home: string) => JSON.parse(cli(home, 'agents', '--json').stdout || '[]') as Row[];
const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
const parentOf = (pid: number) => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
};
/** A shell loop that waits for `file` (bounded: a test that failed leaves nothing waiting long). */
const waitFor = (file: string) =>
  `n=0; while [ ! -e ${file} ] && [ $n -lt 1200 ]; do sleep 0.05; n=$((n+1)); done`;

/** A hub server on a fresh home with `victim`, an agent the user started, whose screen says a secret. */
async function hubWithVictim() {
  const home = path.join(tempHome(), '.botster');
  homes.push(home);
  const first = server(home);
  await until('the server listens', () => cli(home, 'ls').status === 0, 20000);
  const made = cli(home, 'new', '--name', 'victim', '--', 'sh -c "echo victim-secret; exec cat"');
  expect(made.status, made.stderr).toBe(0);
  const victim = await until('the victim runs', () =>
    agentsOf(home).find((r) => r.name === 'victim' && r.pid),
  );
  await until('its secret is on its screen', () =>
    cli(home, 'read', 'victim').stdout.includes('victim-secret'),
  );
  return { home, first, victim };
}
/** Starts agent `name` running `lines` (a shell script in the home). */
async function agent(home: string, name: string, lines: string[]): Promise<Row> {
  const file = path.join(home, `${name}.sh`);
  fs.writeFileSync(file, `${lines.join('\n')}\nexec sleep 600\n`);
  const made = cli(home, 'new', '--name', name, '--', `sh ${file}`);
  expect(made.status, made.stderr).toBe(0);
  return until(`${name} runs`, () => agentsOf(home).find((r) => r.name === name && r.pid));
}

// Each case starts a server or two and a dozen CLI processes: on a loaded 2-core runner that alone
// takes ~20 s, so the cases get a minute or two (a hang still fails them).
describe('what an agent starts stays in its line, however it detaches (its keeper is its subreaper)', () => {
  it('setsid -f, a double fork and a daemonizing tmux server are still the agent: told so, and refused what is yours', async () => {
    const { home, victim } = await hubWithVictim();
    const out = (n: string) => path.join(home, `${n}.out`);
    const sneaky = await agent(home, 'sneaky', [
      `${WHOAMI} > ${out('direct')} 2>&1`,
      // Its own session, its parent gone: init's (or the nearest subreaper's) child.
      `setsid -f sh -c '${WHOAMI} > ${out('setsid')} 2>&1; ${CLI} run improvements.accept > ${out('accept')} 2>&1; echo rc=$? >> ${out('accept')}; ${CLI} send victim pwned-by-setsid --keys enter > ${out('send')} 2>&1; echo rc=$? >> ${out('send')}'`,
      `sh -c "(setsid sh -c '${WHOAMI} > ${out('dfork')} 2>&1' &)"`,
      // A second tmux server daemonizes (it forks, calls setsid, and its parent exits).
      `${TMUX} -S ${home}/tmux.sock -f /dev/null new-session -d '${WHOAMI} > ${out('tmux')} 2>&1'`,
    ]);
    const said = (n: string) =>
      until(`${n} answered`, () => read(out(n)).includes('}') && JSON.parse(read(out(n))));
    const me = { kind: 'agent', id: sneaky.id };
    expect(await said('direct')).toEqual(me);
    expect(await said('setsid')).toEqual(me);
    expect(await said('dfork')).toEqual(me);
    expect(await said('tmux')).toEqual(me);
    const accept = await until(
      'accept answered',
      () => /rc=\d/.test(read(out('accept'))) && read(out('accept')),
    );
    expect(accept).toMatch(
      new RegExp(`agent ${sneaky.id} cannot run improvement\\.accept: only you answer improvements`),
    );
    expect(accept).toMatch(/rc=1/);
    // (the hub asks the user about the pair, the send says it waits for the answer; refused)
    await until('the send waits for your answer', () =>
      read(out('send')).includes('waiting for you to answer in the hub'),
    );
    expect(cli(home, 'run', 'agent.deny_drive').status).toBe(0);
    const send = await until(
      'send answered',
      () => /rc=\d/.test(read(out('send'))) && read(out('send')),
      30000,
    );
    expect(send).toMatch(/may not type into agent victim \(id:\d+\): it did not start it/);
    expect(cli(home, 'read', 'victim').stdout).not.toMatch(/pwned-by-setsid/);
    expect(isAlive(victim.pid)).toBe(true);
  }, 120000);

  it("what it left after it exited and was closed is still an agent's: its keeper stays their parent", async () => {
    const { home } = await hubWithVictim();
    const go = path.join(home, 'go');
    const leave = path.join(home, 'leave');
    const late = path.join(home, 'late.out');
    const leaver = await agent(home, 'leaver', [
      `setsid -f sh -c '${waitFor(go)}; ${WHOAMI} > ${late} 2>&1'`,
      waitFor(leave),
      'exit 0',
    ]);
    const keeper = parentOf(leaver.pid);
    expect(fs.readFileSync(`/proc/${keeper}/cmdline`, 'utf8')).toContain('botster-keeper');
    fs.writeFileSync(leave, '');
    await until(
      'the leaver exited',
      () => agentsOf(home).find((r) => r.name === 'leaver')?.status === 'exited',
    );
    expect(cli(home, 'close', 'leaver').status).toBe(0);
    await until('the leaver is gone from the list', () => !agentsOf(home).some((r) => r.name === 'leaver'));
    // Its keeper stays, as the parent of what it left (no socket: no server adopts it again).
    expect(isAlive(keeper)).toBe(true);
    fs.writeFileSync(go, '');
    const said = await until('the orphan answered', () => read(late).includes('}') && JSON.parse(read(late)));
    // An agent no longer listed: an agent's rules all the same, never yours.
    expect(said).toEqual({ kind: 'agent', id: '?' });
    // Once the last of them ended, the keeper goes too.
    expect(await waitDead([keeper], 10000)).toEqual([]);
  }, 120000);
});

interface Knock {
  sock: string;
  /** What the keeper said as it accepted a connection that sent nothing. */
  said: string | null;
  /** To a HELLO and a line typed: */
  welcomed: boolean;
  error: string | null;
  output: number;
  text: string;
}

describe('a keeper serves only a hub server of its home', () => {
  it("an agent's script knocking on the keepers (its own and another agent's) is refused and reads no ring, with the server running or killed; the next server adopts every agent", async () => {
    const { home, first, victim } = await hubWithVictim();
    const dir = path.join(home, 'keepers');
    const proto = path.join(DIST, 'wire/keeper-protocol.js');
    const knocks = (n: number) => path.join(home, `knock${n}.out`);
    const sneaky = await agent(home, 'sneaky', [
      waitFor(path.join(home, 'go1')),
      `${KNOCK} ${dir} ${proto} > ${knocks(1)}.part 2>&1; mv ${knocks(1)}.part ${knocks(1)}`,
      waitFor(path.join(home, 'go2')),
      `${KNOCK} ${dir} ${proto} > ${knocks(2)}.part 2>&1; mv ${knocks(2)}.part ${knocks(2)}`,
    ]);
    const knocked = async (n: number) => {
      fs.writeFileSync(path.join(home, `go${n}`), '');
      const text = await until(`knock ${n}`, () => read(knocks(n)), 30000);
      return text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Knock);
    };
    const ownKeeper = path.basename(keeperSocket(parentOf(sneaky.pid)));
    const refused = (said: Knock[]) => {
      // Its own keeper and the two others' (the first run's shell and the victim's).
      expect(said).toHaveLength(3);
      for (const k of said) {
        expect(k, k.sock).toMatchObject({ welcomed: false, output: 0 });
        expect(k.said).toMatch(
          k.sock === ownKeeper
            ? /^refused: process \d+ is this agent's own \(it descends from its keeper\)/
            : /^refused: process \d+ runs inside an agent of this home \(it descends from the keeper of pid \d+\)/,
        );
      }
    };
    // With the server running (it holds every keeper: a second server would be told "busy").
    refused(await knocked(1));
    // With the server killed: nobody holds the keepers, and they still serve no agent's process.
    first.s.kill('SIGKILL');
    await first.exit;
    const second = await knocked(2);
    refused(second);
    expect(second.map((k) => k.text).join('')).not.toMatch(/victim-secret/);
    // The next server (the user's) adopts every agent, the victim's ring whole and nothing typed into it.
    server(home);
    const adopted = await until('adopted', () => {
      const rows = agentsOf(home);
      return rows.some((r) => r.pid === victim.pid) && rows.some((r) => r.pid === sneaky.pid) && rows;
    });
    // (the first run's shell, the victim and the sneaky agent)
    expect(adopted).toHaveLength(3);
    const screen = cli(home, 'read', 'victim').stdout;
    expect(screen).toMatch(/victim-secret/);
    expect(screen).not.toMatch(/typed-by-knock/);
  }, 120000);
});

describe('a hub server an agent starts for its own home', () => {
  it('is refused by every keeper and says why; it takes the agent for an agent; the next server of yours adopts them all', async () => {
    const { home, first, victim } = await hubWithVictim();
    const go = path.join(home, 'go');
    const who = path.join(home, 'who.out');
    const sneaky = await agent(home, 'sneaky', [
      waitFor(go),
      // (the user's server was killed: this one gets the home's socket)
      `${CLI} server --home ${home} --size 100x30 > ${home}/rogue.log 2>&1 &`,
      `n=0; until ${CLI} ls --home ${home} > /dev/null 2>&1 || [ $n -ge 600 ]; do sleep 0.1; n=$((n+1)); done`,
      `${WHOAMI} > ${who} 2>&1`,
    ]);
    first.s.kill('SIGKILL');
    await first.exit;
    fs.writeFileSync(go, '');
    const log = path.join(home, 'logs', 'hub.log');
    const said = await until(
      'the rogue server said which keepers would not be adopted',
      () => /keepers? would not be adopted: .*/.exec(read(log))?.[0],
      30000,
    );
    expect(said).toMatch(/refused: process \d+ runs inside an agent of this home/);
    expect(said).toMatch(/refused: process \d+ is this agent's own/);
    // To it, the agent's processes are an agent's still (its keepers are of this home).
    expect(await until('whoami', () => read(who).includes('}') && JSON.parse(read(who)))).toEqual({
      kind: 'agent',
      id: '?',
    });
    // You stop it; your next server adopts every agent the keepers held.
    expect(killServer(home).status).toBe(0);
    server(home);
    await until(
      'adopted',
      () => {
        const rows = agentsOf(home);
        return rows.some((r) => r.pid === victim.pid) && rows.some((r) => r.pid === sneaky.pid);
      },
      30000,
    );
    expect(cli(home, 'read', 'victim').stdout).toMatch(/victim-secret/);
  }, 120000);
});

/** The --socket a keeper runs with. */
function keeperSocket(pid: number): string {
  const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  return args[args.indexOf('--socket') + 1];
}
