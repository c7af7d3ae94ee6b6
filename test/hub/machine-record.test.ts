import { describe, expect, it } from 'vitest';
import { FROM_MACHINE, agentRecord, machineFacts } from '../../src/hub/agent-record.js';
import { reduce } from '../../src/hub/reduce.js';
import { initialState, type HubState } from '../../src/hub/state.js';
import type { Intent } from '../../src/hub/intents.js';
import type { AgentRecord } from '../../src/wire/agent-record.js';

// Another machine's agent is the same record as a local one: each field of the row its hub sends
// reaches the agent's facts here (FROM_MACHINE names every field of the record, so a field added
// to the record and not carried fails to compile), and the record built here is that row again.

/** A row with every field of the record set (Required: a new field must be given here too). */
const ROW: Required<AgentRecord> = {
  id: '7',
  name: 'wt',
  machine: 'there-own',
  program: 'claude',
  command: 'claude',
  cwd: '/repo/.worktrees/feat',
  state: 'waiting',
  reason: 'Proceed? (y/n)',
  status: 'waiting',
  exit_code: null,
  signal: null,
  signal_name: null,
  title: 'feat: tests',
  branch: 'feat',
  git_branch: 'feat',
  worktree: { path: '/repo/.worktrees/feat', branch: 'feat', base: 'main', repo: '/repo' },
  repo: '/repo',
  profile: 'opus',
  lead: '6',
  usage: {
    tokens: 1200,
    cost: 0.5,
    context_pct: 12,
    limits: { five_hour: { used_pct: 40, resets_at: 1 } },
    source: 'statusline',
  },
  box: { name: 'default', network: true, read: 'all' },
  account: 'work',
  session: '6f1c',
  draft: true,
  permission: { tool: 'Bash', subject: 'git push', key: '0123456789abcdef' },
};

function remoteAgent(row: AgentRecord): HubState {
  const intents: Intent[] = [
    {
      type: 'agent_added',
      id: 'r1',
      focus: false,
      facts: {
        name: row.name,
        command: row.command,
        cwd: row.cwd,
        title: '',
        exit_code: null,
        signal: null,
        program: '',
        machine: 'gpu',
      },
    },
    { type: 'agent_facts', id: 'r1', facts: machineFacts(row) },
    {
      type: 'agent_state',
      id: 'r1',
      verdict: { state: row.state as 'waiting', reason: row.reason, source: 'screen' },
      shown: false,
    },
    ...(row.session ? [{ type: 'agent_session' as const, id: 'r1', session: row.session }] : []),
  ];
  return intents.reduce((st, i) => reduce(st, i).state, initialState(80, 24));
}

describe('a remote agent from the one record', () => {
  it('every field of the record is carried, worked out or ours', () => {
    expect(Object.keys(FROM_MACHINE).sort()).toEqual(Object.keys(ROW).sort());
  });

  it.each(Object.keys(ROW).filter((k) => FROM_MACHINE[k as keyof AgentRecord] !== 'ours'))(
    '%s: the record here is the row its hub sent',
    (k) => {
      const here = agentRecord(remoteAgent(ROW), 'r1') as unknown as Record<string, unknown>;
      expect(here[k]).toEqual((ROW as Record<string, unknown>)[k]);
    },
  );

  it('its id, machine and lead are ours', () => {
    expect(agentRecord(remoteAgent(ROW), 'r1')).toMatchObject({ id: 'r1', machine: 'gpu' });
    // (its lead there is that hub's number: not one of ours)
    expect(agentRecord(remoteAgent(ROW), 'r1')).not.toHaveProperty('lead');
    // (its question there is answered by that hub's rules and its user)
    expect(agentRecord(remoteAgent(ROW), 'r1')).not.toHaveProperty('permission');
  });

  it('a field the row no longer has is gone here too (its worktree removed there)', () => {
    const { branch: _b, git_branch: _g, worktree: _w, repo: _r, profile: _p, ...bare } = ROW;
    const before = remoteAgent(ROW);
    expect(agentRecord(before, 'r1')).toHaveProperty('worktree');
    const s = reduce(before, { type: 'agent_facts', id: 'r1', facts: machineFacts(bare) }).state;
    const here = agentRecord(s, 'r1')!;
    for (const k of ['branch', 'git_branch', 'worktree', 'repo', 'profile'])
      expect(here).not.toHaveProperty(k);
  });
});
