import { ControlError, type ControlRequest } from '../wire/control-request.js';
import type { Agent } from '../agents/agent.js';

/** What forwarding needs: the agent a request names, and where it runs when not here. */
export interface RemoteHost {
  /** Throws the control error that says why there is no such agent. */
  find(ref: unknown): Agent;
  remoteOf(localId: string):
    | {
        link: {
          request(
            req: Record<string, unknown> & { op: string },
            timeoutMs?: number,
          ): Promise<Record<string, unknown>>;
        };
        id: string;
      }
    | undefined;
}

// `read`, `send` and `wait --until output:` about an agent of another machine go to its own hub:
// its screen (and the modes its keys are encoded in) is here only while a panel shows it, there
// always. (States are here: `wait` for a state is answered here.) The answer names the agent as
// this hub does.

/** `T`: the verb's answer, which the other hub's same verb gives (the agent named as this hub does). */
export function remoteOp<T>(hub: RemoteHost, req: ControlRequest): Promise<T> | null {
  if (req.op === 'wait' && !(typeof req.until === 'string' && req.until.startsWith('output:'))) return null;
  let agent;
  try {
    agent = hub.find(req.agent);
  } catch {
    return null; // the hub's own path says what is wrong
  }
  const remote = hub.remoteOf(agent.id);
  if (!remote) return null;
  const here = { id: agent.id, name: agent.info.name };
  const { id: _id, v: _v, home: _home, agent: _agent, ...fields } = req;
  const timeout =
    req.op === 'wait' ? (typeof req.timeout_ms === 'number' ? req.timeout_ms + 30_000 : Infinity) : 30_000;
  return remote.link.request({ ...fields, op: req.op, agent: `id:${remote.id}` }, timeout).then(
    (reply) => {
      const { id: _i, v: _rv, ok, error, agent: there, ...body } = reply;
      const who = { ...(there && typeof there === 'object' ? there : {}), ...here };
      if (ok !== true) throw new ControlError(String(error), { ...body, agent: who });
      return { ...body, agent: who } as T;
    },
    (err: Error) => {
      throw new ControlError(err.message, { reason: 'failed' });
    },
  );
}
