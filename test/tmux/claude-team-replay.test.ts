import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { realHome, until } from '../support/hub.js';
import { BIN, run, waitScreen, stoppedAfterEach } from '../support/cli-pty.js';

// The tmux command lines a real Claude Code team ran (2.1.332 from npm, agent teams on, against a
// local mock model, logged by the surface with BOTSTER_TMUX_LOG: docs/teams.md), replayed from
// inside the lead agent against a real hub: panes made, ids and formats answered as they were then,
// teammates started in them, typed into by the user, then ended with the lead's kill-pane.

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'claude-2.1.332-team.jsonl');

interface Line {
  pane: string;
  argv: string[];
  code: number;
  out?: string;
}
const lines = fs
  .readFileSync(FIXTURE, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Line);
// The lead's own lines (a teammate's are its own CLI's probes of its pane); the kills come last.
const lead = lines.filter((l) => l.pane === '%1');
const firstKill = lead.findIndex((l) => l.argv.includes('kill-pane'));

/** Runs lines FROM..TO of the lead's (with `tmux` from the agent's PATH); what each answered, to OUT. */
const REPLAY = `
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
const [fixture, from, to, out] = process.argv.slice(2);
const lines = fs.readFileSync(fixture, 'utf8').trim().split('\\n').map((l) => JSON.parse(l)).filter((l) => l.pane === '%1');
const got = [];
for (const l of lines.slice(Number(from), Number(to))) {
  const argv = l.argv.map((a) => a === '$SOCKET' ? process.env.BOTSTER_SOCKET
    : a.startsWith('$TEAMMATE ') ? "sh -c 'echo teammate " + a.slice(10) + " here; exec cat'" : a);
  const r = spawnSync('tmux', argv, { encoding: 'utf8' });
  got.push({ argv: l.argv, code: r.status, out: r.stdout, err: r.stderr });
}
fs.writeFileSync(out + '.tmp', JSON.stringify(got));
fs.renameSync(out + '.tmp', out);
`;

const { running, homes } = stoppedAfterEach();
const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');

function cli(home: string, ...args: string[]): string {
  const env = { ...process.env, CI: 'true' } as Record<string, string | undefined>;
  delete env.BOTSTER_SOCKET;
  const r = spawnSync(process.execPath, [BIN, ...args, '--home', home], {
    encoding: 'utf8',
    env,
    timeout: 20000,
  });
  if (r.status !== 0) throw new Error(`botster-tui ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

type Row = { id: string; name: string; lead?: string };
const agents = (home: string) => JSON.parse(cli(home, 'agents', '--json')) as Row[];

describe("a real Claude Code team's tmux lines, replayed in the hub", () => {
  it('makes the panes as agents of the lead, answers ids and formats as then, and kills them', async () => {
    expect(firstKill).toBeGreaterThan(10);
    const h = realHome('spaces');
    homes.push(h);
    const dir = path.dirname(h);
    const replay = path.join(dir, 'replay.mjs');
    fs.writeFileSync(replay, REPLAY);
    const [go, out1, out2] = ['go', 'out1.json', 'out2.json'].map((f) => path.join(dir, f));
    const leadAgent =
      `sh -c 'until [ -e "${go}" ]; do sleep 0.1; done; ` +
      `"${process.execPath}" "${replay}" "${FIXTURE}" 0 ${firstKill} "${out1}"; ` +
      `until [ -e "${go}2" ]; do sleep 0.1; done; ` +
      `"${process.execPath}" "${replay}" "${FIXTURE}" ${firstKill} ${lead.length} "${out2}"; exec cat'`;
    const a = run(['--home', h, '--agent', leadAgent], 120, 36);
    running.push(a);
    await waitScreen(a, /Botster Hub\s+120x36/);
    fs.writeFileSync(go, '');
    const got = JSON.parse(await until('the first replay', () => read(out1), 60000)) as Array<
      Line & { err: string }
    >;
    // Every line answered as tmux answered Claude then: the same exit, the same output.
    got.forEach((g, i) => {
      expect({ argv: g.argv, code: g.code, err: g.err }).toEqual({
        argv: lead[i].argv,
        code: lead[i].code,
        err: '',
      });
      expect(g.out, g.argv.join(' ')).toBe(lead[i].out ?? '');
    });
    // The two teammates are agents of the lead, named as Claude named them, running what it respawned.
    expect(agents(h)).toMatchObject([
      { id: '1' },
      { id: '2', name: 'alpha', lead: '1' },
      { id: '3', name: 'beta', lead: '1' },
    ]);
    expect(agents(h)[0]).not.toHaveProperty('lead');
    // The list folds the team under its lead.
    expect(cli(h, 'snapshot', '--live')).toMatch(/1 sh[^\n]*\n(.*\n)?.*└ 2 alpha[\s\S]*└ 3 beta/);
    await until('alpha runs', () => cli(h, 'read', '2').includes('teammate alpha here'), 20000);
    // The user types into a teammate like any agent.
    cli(h, 'send', '2', 'hi alpha', '--keys', 'enter');
    await until('alpha got it', () => cli(h, 'read', '2').includes('hi alpha'), 10000);
    // The lead ends its team: the panes are gone from the hub.
    fs.writeFileSync(`${go}2`, '');
    const killed = JSON.parse(await until('the kills', () => read(out2), 60000)) as Array<{ code: number }>;
    expect(killed.map((k) => k.code)).toEqual([0, 0]);
    expect(agents(h).map((r) => r.id)).toEqual(['1']);
  }, 120000);
});
