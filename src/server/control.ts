import { packageVersion } from '../wire/version.js';
import type { ControlContext, ControlRequest } from '../wire/control-request.js';
import { ControlError } from '../wire/control-request.js';
import { sameHome } from '../wire/same-home.js';
import { agentRows, findAgent, sendToAgent, typeInto } from './control-agents.js';
import { agentStatus } from './control-status.js';
import { reportState } from './control-report.js';
import { keyEventsFromSpec } from '../keys/spec-to-events.js';
import type { ControlDeps } from './ports.js';
import { closeAgent, focusAgent, killAgent, newAgent, readScreen } from './control-fleet.js';
import { waitAgent } from './control-wait.js';
import { subscribeEvents } from './control-events.js';
import { runCommandOp } from './control-run.js';
import { pipelineOp } from './control-pipelines.js';
import { linkSession, type LinkHost } from './link-session.js';
import { remoteOp, type RemoteHost } from './control-remote.js';

/** The ops every hub answers (a server adds ls and kill-server); docs/protocol.md describes each. */
export const HUB_OPS = [
  'ping',
  'snapshot',
  'push',
  'agents',
  'send',
  'status',
  'report',
  'new',
  'wait',
  'read',
  'events',
  'kill',
  'focus',
  'close',
  'run',
  'link',
  'pipeline',
];

/** What the running hub answers on its control socket ($BOTSTER_HOME/hub.sock). */
export function controlHandler(
  deps: ControlDeps,
  extra: ExtraOps = {},
): (req: ControlRequest, ctx: ControlContext) => Promise<unknown> {
  const remote: RemoteHost = { find: (ref) => findAgent(deps, ref), remoteOf: (id) => deps.remoteOf(id) };
  const handler = async (req: ControlRequest, ctx: ControlContext): Promise<unknown> => {
    // A client names the home it means: a socket that leads to another home's hub (an inherited
    // BOTSTER_SOCKET, say) must never act on the wrong agents.
    if (req.home !== undefined && (typeof req.home !== 'string' || !sameHome(req.home, deps.home))) {
      throw new ControlError(
        `this hub server serves the home ${deps.home}, not ${String(req.home)} (BOTSTER_SOCKET leads here: unset it, or name the home with --home)`,
        { reason: 'home' },
      );
    }
    if (Object.hasOwn(extra, req.op)) return extra[req.op](req, ctx);
    switch (req.op) {
      case 'ping':
        // The installed package's version (what `npm i -g` put there), not a constant.
        return { version: packageVersion(), agents: deps.agents.list().length };
      case 'snapshot': {
        // `botster-tui snapshot --live [--keys ...]`: press the keys in the live hub, then show it.
        if (req.keys !== undefined && typeof req.keys !== 'string')
          throw new Error('keys must be a string like "ctrl+g j"');
        for (const ev of req.keys ? keyEventsFromSpec(req.keys) : []) {
          deps.key(ev);
          await deps.whenIdle();
        }
        await deps.settle();
        const screen = deps.screen();
        return {
          frame: req.ansi === true ? screen.toAnsi() : screen.toText(),
          width: screen.width,
          height: screen.height,
        };
      }
      case 'agents':
        return { agents: agentRows(deps) };
      case 'send':
        return remoteOp(remote, req) ?? sendToAgent(deps, req);
      case 'status':
        return agentStatus(deps, req);
      case 'report':
        return reportState(deps, req);
      case 'new':
        return newAgent(deps, req);
      case 'wait':
        return remoteOp(remote, req) ?? waitAgent(deps, req, ctx);
      case 'read':
        return remoteOp(remote, req) ?? readScreen(deps, req);
      case 'events':
        return subscribeEvents(deps, req);
      case 'kill':
        return killAgent(deps, req);
      case 'focus':
        return focusAgent(deps, req);
      case 'close':
        return closeAgent(deps, req);
      case 'run':
        return runCommandOp(deps, req);
      case 'pipeline':
        return pipelineOp(deps, req);
      case 'link':
        return linkSession(linkHost(deps), handler);
      case 'push': {
        if (typeof req.name !== 'string' || typeof req.source !== 'string')
          throw new Error('push needs name and source');
        const agent = typeof req.agent_id === 'string' ? req.agent_id : null;
        return deps.push({ name: req.name, source: req.source, agent_id: agent });
      }
      default:
        throw new Error(`unknown op "${req.op}" (${[...HUB_OPS, ...Object.keys(extra)].join(', ')})`);
    }
  };
  return handler;
}

/** Ops a hub server adds to the control socket (ls, kill-server, ...). */
export type ExtraOps = Record<
  string,
  (req: ControlRequest, ctx: ControlContext) => Promise<unknown> | unknown
>;

/** What a link (another hub's settings.machines) needs of this hub. */
function linkHost(deps: ControlDeps): LinkHost {
  return {
    home: deps.home,
    taps: deps.taps,
    agents: deps.agents,
    rows: () => agentRows(deps),
    type: (agent, data) => void typeInto(deps, agent, data),
    watched: deps.watched,
    stateOf: (id) => deps.store.state.agentStates[id]?.state,
    shown: (id) => deps.store.dispatch({ type: 'agents_shown', ids: [id] }),
  };
}
