import { ControlError } from '../wire/control-request.js';
import type { MoveEnd } from '../remote/agent-move.js';
import { dropTransfer, readPart, writePart } from '../remote/move-files.js';
import { MoveRefused } from '../remote/move-git.js';
import { landAgent, type LandHost } from '../remote/move-land.js';
import { packAgent, type PackHost, type Packed } from '../remote/move-pack.js';
import { agentRowOf, findAgent } from './agents.js';
import { newAgent } from './new.js';
import type { ControlDeps } from './ports.js';
import type { VerbCall } from './verb.js';
import { readAgent } from '../agents/agent-screen.js';
import { printable } from '../terminal/printable.js';

// This hub as one end of a move (src/remote/agent-move.ts): its own agents packed, parts read and
// written in its transfer folders, an agent landed through its own spawn path (`new`: profiles'
// hooks, its box), one that moved away stopped and closed. The move.* verbs call the same.

/** A move's refusal as the verbs answer it. */
export function moveRefused(err: unknown): never {
  if (err instanceof MoveRefused) throw new ControlError(err.message, { reason: err.reason });
  throw err;
}

export function packHost(deps: ControlDeps): PackHost {
  return {
    agent: (ref) => {
      const agent = findAgent(deps, ref);
      if (agent.machine)
        throw new ControlError(`${agent.info.name} runs on ${agent.machine}: its hub there packs it`, {
          reason: 'remote',
        });
      const row = agentRowOf(deps, agent.id)!;
      return {
        id: agent.id,
        name: agent.info.name,
        cwd: row.cwd,
        program: row.program,
        state: row.state,
        session: row.session ?? null,
        ...(row.box ? { box: { name: row.box.name } } : {}),
        ...(typeof row.account === 'string' ? { account: row.account } : {}),
        env: agent.spec.env ?? {},
      };
    },
    transcripts: (id) => deps.transcriptsOf(id),
    resume: (id) => deps.resumeOf(id),
    env: process.env,
  };
}

export function landHost(deps: ControlDeps, call: VerbCall): LandHost {
  return {
    ask: async (p) => {
      const said = await deps.emit(
        'before_agent_arrive',
        {
          agent: { name: p.name, program: p.program, command: p.command, cwd: p.cwd },
          ...(p.session ? { session: p.session } : {}),
          ...(p.box ? { box: p.box } : {}),
          ...(p.account ? { account: p.account } : {}),
          ...(p.git ? { branch: p.git.branch } : {}),
        },
        p.name,
      );
      if (said?.cancelled) return { no: said.reason ?? 'a before_agent_arrive handler said no' };
      // (what a handler set: the env it starts with here, an account's; lua/default/accounts.lua)
      return { no: null, ...arrivalEnv(said?.payload) };
    },
    start: async (spec) => {
      try {
        const r = await newAgent(
          deps,
          {
            op: 'new',
            command: spec.command,
            ...(spec.args ? { args: spec.args } : {}),
            cwd: spec.cwd,
            name: spec.name,
            suffix: true,
            focus: false,
            ...(spec.box ? { sandbox: spec.box } : {}),
          },
          call,
          spec.env,
        );
        return { id: r.agent.id };
      } catch (err) {
        return { notStarted: (err as Error).message };
      }
    },
    state: (id) => (deps.agents.get(id) ? deps.store.state.agentStates[id]?.state : undefined),
    lastWords: (id) => {
      const agent = deps.agents.get(id);
      if (!agent) return '';
      return printable(
        readAgent(agent)
          .map((l) => l.trim())
          .filter(Boolean)
          .slice(-2)
          .join(' / '),
      );
    },
    stop: (id) => leave(deps, `id:${id}`),
    env: process.env,
  };
}

/** Stops it (as kill does: a before_agent_kill handler may refuse) and takes it off the list. */
async function leave(deps: ControlDeps, ref: string): Promise<void> {
  const agent = findAgent(deps, ref);
  if (!agent.isExited) {
    const gone = new Promise<void>((res) => agent.onExit(() => res()));
    const said = await deps.lifecycle.kill(agent);
    if (!said.stopped) throw new Error(said.why);
    await Promise.race([gone, new Promise((res) => setTimeout(res, 10_000))]);
  }
  if (deps.agents.get(agent.id)) deps.lifecycle.close(agent);
}

/** This hub as a move's end. */
export function localEnd(deps: ControlDeps, call: VerbCall): MoveEnd {
  return {
    label: 'this machine',
    pack: (agent) => packAgent(packHost(deps), agent),
    read: (t, key, offset) => Promise.resolve(readPart(t, key, offset, Number.MAX_SAFE_INTEGER)),
    write: (t, key, offset, data) => Promise.resolve(writePart(t, key, offset, data)),
    land: async (p: Packed, into) => {
      const { id } = await landAgent(landHost(deps, call), p, into);
      return { id, row: agentRowOf(deps, id) };
    },
    leave: (agent) => leave(deps, agent),
    drop: (t) => Promise.resolve(dropTransfer(t)),
  };
}

/** The env a before_agent_arrive handler set on its payload (`ev.env`): names and strings only. */
function arrivalEnv(payload: unknown): { env?: Record<string, string> } {
  const env = (payload as { env?: unknown } | null | undefined)?.env;
  if (!env || typeof env !== 'object' || Array.isArray(env)) return {};
  const out = Object.entries(env).filter(
    (e): e is [string, string] => /^[A-Za-z_][A-Za-z0-9_]*$/.test(e[0]) && typeof e[1] === 'string',
  );
  return out.length ? { env: Object.fromEntries(out) } : {};
}
