import { ControlError, type ControlContext } from '../wire/control-request.js';
import { AGENT_STATES } from './states.js';
import { findAgent } from './agents.js';
import { screenText } from '../agents/agent-screen.js';
import type { ControlDeps } from './ports.js';
import type { Checked, VerbArgs } from './args.js';
import { defineVerb } from './verb.js';
import { agentRef, int, nullable, obj, opt, str, type Answer } from './shape.js';

const answer = obj({
  agent: agentRef,
  state: str('the state it is in'),
  reason: nullable(str("the state's reason")),
  match: opt(str('output:REGEX: what matched')),
  waited_ms: int(),
});
type WaitAnswer = Answer<typeof answer>;
type Reached = Omit<WaitAnswer, 'agent' | 'waited_ms'>;
import { readable } from './withhold.js';
import { mayDriveRef } from './drive.js';
import { remoteHost } from './agents.js';
import { remoteOp } from './remote.js';

// `wait` on the hub's control socket: the reply comes when the agent reaches a state (or its screen
// matches); the hub answers it from its own events, so a waiting client never polls.

const OUTPUT_CHECK_MS = 30; // output comes in bursts: look at the screen once a burst settled a little
const MAX_TIMEOUT_MS = 7 * 24 * 3600 * 1000;

type Want = { states: Set<string> } | { output: RegExp };

export function parseUntil(until: unknown): Want {
  if (typeof until !== 'string' || until === '')
    throw new ControlError(
      `until must be one of ${AGENT_STATES.join('|')} (or several, comma-separated) or output:REGEX`,
      { reason: 'usage' },
    );
  if (until.startsWith('output:')) {
    const source = until.slice('output:'.length);
    if (source === '' || source.length > 1000)
      throw new ControlError('output: needs a regular expression (up to 1000 characters)', {
        reason: 'usage',
      });
    try {
      return { output: new RegExp(source, 'm') };
    } catch (err) {
      throw new ControlError(
        `output:${source} is not a valid regular expression: ${(err as Error).message}`,
        { reason: 'usage' },
      );
    }
  }
  const states = until.split(',').map((s) => s.trim());
  const bad = states.find((s) => !AGENT_STATES.includes(s));
  if (bad !== undefined)
    throw new ControlError(
      `unknown state "${bad}": until must be ${AGENT_STATES.join('|')} (or several, comma-separated) or output:REGEX`,
      { reason: 'usage' },
    );
  return { states: new Set(states) };
}

/** `hide`: the caller may not read the agent (verbs/withhold.ts): its reason is not said. */
export function waitAgent(
  deps: ControlDeps,
  req: Checked<typeof waitArgs>,
  ctx: ControlContext,
  hide = false,
): Promise<WaitAnswer> {
  const agent = findAgent(deps, req.agent);
  const want = parseUntil(req.until);
  const t = req.timeout_ms;
  const id = agent.id;
  const who = { id, name: agent.info.name };
  const started = performance.now();
  const now = () => {
    const e = deps.store.state.agentStates[id];
    return {
      state: e?.state ?? (agent.isExited ? 'exited' : 'running'),
      reason: hide ? null : (e?.reason ?? null),
    };
  };
  const reached = (): Reached | null => {
    const s = now();
    if ('states' in want) return want.states.has(s.state) ? s : null;
    const m = want.output.exec(screenText(agent));
    return m ? { ...s, match: m[0] } : null;
  };
  // On an error reply `reason` is why it failed: the agent's own reason goes as state_reason.
  const facts = () => ({ state: now().state, state_reason: now().reason });
  const result = (fields: Reached): WaitAnswer => ({
    agent: who,
    ...fields,
    waited_ms: Math.round(performance.now() - started),
  });
  const first = reached();
  if (first) return Promise.resolve(result(first));
  // An agent that exited never reaches another state (nor prints): say so at once.
  if (agent.isExited)
    throw new ControlError(
      `agent ${who.name} (id:${id}) has exited (${now().reason ?? 'exited'}); it will not be ${String(req.until)}`,
      { reason: 'exited', agent: who, ...facts() },
    );

  return new Promise((resolve, reject) => {
    const offs: Array<() => void> = [];
    let timer: NodeJS.Timeout | null = null;
    const done = (v: { ok: Reached } | { err: ControlError }) => {
      for (const off of offs.splice(0)) off();
      if (timer) clearTimeout(timer);
      if ('ok' in v) resolve(result(v.ok));
      else reject(v.err);
    };
    const check = () => {
      const r = reached();
      if (r) return done({ ok: r });
      if (agent.isExited)
        done({
          err: new ControlError(
            `agent ${who.name} (id:${id}) exited (${now().reason ?? 'exited'}) while waiting for ${String(req.until)}`,
            { reason: 'exited', agent: who, ...facts() },
          ),
        });
    };
    const tap = (event: string, payload: Record<string, unknown>) => {
      const a = payload.agent as { id?: unknown } | undefined;
      if (a?.id === id && (event === 'agent_state_changed' || event === 'agent_exited')) check();
    };
    deps.taps.add(tap);
    offs.push(() => deps.taps.delete(tap));
    if ('output' in want) {
      let pending: NodeJS.Timeout | null = null;
      offs.push(
        agent.onOutput(() => (pending ??= setTimeout(() => ((pending = null), check()), OUTPUT_CHECK_MS))),
      );
      offs.push(() => pending && clearTimeout(pending));
    }
    offs.push(
      deps.agents.onRemoved((gone) => {
        if (gone.id === id)
          done({
            err: new ControlError(`agent ${who.name} (id:${id}) was closed while waiting`, {
              reason: 'exited',
              agent: who,
              state: 'exited',
              state_reason: 'closed',
            }),
          });
      }),
    );
    if (typeof t === 'number') {
      timer = setTimeout(
        () => {
          const s = now();
          done({
            err: new ControlError(
              `timed out after ${t / 1000} s waiting for ${who.name} to be ${String(req.until)}; it is ${s.state}${s.reason ? ` (${s.reason})` : ''}`,
              { reason: 'timeout', agent: who, state: s.state, state_reason: s.reason },
            ),
          });
        },
        Math.min(t, MAX_TIMEOUT_MS),
      );
    }
    ctx.signal.addEventListener('abort', () => done({ err: new ControlError('the client went away') }), {
      once: true,
    });
    check(); // anything that happened between the first look and now
  });
}

/** Its arguments (checked before act: ./args.ts). */
const waitArgs = {
  agent: { type: 'agent', required: true, doc: 'the agent to wait for', cli: { positional: true } },
  until: {
    type: 'string',
    required: true,
    doc: `${AGENT_STATES.join('|')} (several, comma-separated) or output:REGEX`,
    cli: { placeholder: 'WHAT', doc: 'the state, or several comma-separated, or output:REGEX to wait for' },
  },
  timeout_ms: {
    type: 'number',
    min: 0,
    doc: 'give up after this many milliseconds (reason timeout)',
    error: 'timeout_ms must be a number of milliseconds',
    cli: { flag: 'timeout', placeholder: 'S', scale: 1000, doc: 'give up after S seconds (exit 7)' },
  },
} as const satisfies VerbArgs;

export const waitVerb = defineVerb({
  name: 'wait',
  waits: true,
  command: true,
  looks: true,
  summary: 'answers when an agent reaches a state, or its screen matches output:REGEX',
  ssh: true,
  refusals:
    '`usage` (unknown state, bad regex), `no_agent`, `timeout` and `exited` (with `state`, `state_reason`)',
  args: waitArgs,
  answer,
  act: async (deps, req, call) => {
    // Waiting for a state tells no more than `agents` does; waiting for output reads the screen.
    if (typeof req.until === 'string' && req.until.startsWith('output:'))
      await mayDriveRef(deps, call, req.agent, 'read');
    const reads = await readable(deps, call);
    const remote = remoteOp<WaitAnswer>(remoteHost(deps), req);
    return remote ?? waitAgent(deps, req, call, !reads(findAgent(deps, req.agent).id));
  },
});
