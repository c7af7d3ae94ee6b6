import type { AgentFacts } from '../hub/facts.js';
import type { Agent } from '../agents/agent.js';
import type { AgentInfo } from '../agents/types.js';
import type { Worktree } from '../agents/worktree.js';
import type { Box } from '../box/box.js';
import type { AgentBox } from '../wire/agent-record.js';
import { worktreeFacts } from './agent-worktrees.js';

// What `self` shows of an agent: what its process says of itself, and, once listed, where it
// belongs (its machine, worktree, repository, profile).

/** What an agent's process says of itself (its AgentInfo) as `self` shows it. */
export function infoFacts(agent: Agent, info: AgentInfo): AgentFacts {
  return {
    name: info.name,
    command: info.command,
    cwd: info.cwd,
    title: info.title,
    exit_code: info.exitCode,
    signal: info.signal,
    program: agent.program,
    // Another machine's agent: its box, account and draft are what its own hub says (its rows,
    // src/remote/hub-machines.ts), never this hub's copy of it, which runs in no box here.
    ...(agent.machine
      ? {}
      : {
          box: boxFacts(agent.spec.box),
          ...(agent.spec.env?.BOTSTER_ACCOUNT ? { account: agent.spec.env.BOTSTER_ACCOUNT } : {}),
          draft: agent.line.pending || undefined,
        }),
  };
}

/** What `self` and `agents --json` show of its box. */
function boxFacts(box: Box | undefined): AgentBox | undefined {
  if (!box) return undefined;
  return {
    name: box.name,
    ...(box.from ? { from: box.from } : {}),
    network: box.network,
    read: box.read,
    ...(box.runner === 'podman' ? { runner: box.runner } : {}),
    ...(box.image ? { image: box.image } : {}),
  };
}

/** What `self` shows of an agent as it is listed: its own facts, and its worktree, repository and profile. */
export function listedFacts(
  agent: Agent,
  where: { worktree?: Worktree; repo?: string; profile?: string },
): AgentFacts {
  return {
    ...infoFacts(agent, agent.info),
    ...(agent.machine ? { machine: agent.machine } : {}),
    ...definedOnly(worktreeFacts(where.worktree)),
    ...(where.repo ? { repo: where.repo } : {}),
    ...(where.profile ? { profile: where.profile } : {}),
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
