// What the server room needs from the running hub, as one narrow port the composition root fills:
// the control socket's handlers read and drive the hub through this.
import type { LuaOrigin } from '../hub/state.js';
import type { Agent } from '../agents/agent.js';
import type { AgentSpec } from '../agents/types.js';
import type { KillAnswer, SpawnOptions, StartAnswer } from '../lifecycle/spawn-options.js';
import type { AgentManager } from '../agents/agent-manager.js';
import type { EventBridge } from '../effects/hub-events.js';
import type { Store } from '../hub/store.js';
import type { AgentPrincipal, Principal } from '../hub/principal.js';
import type { Request } from '../hub/requests.js';
import type { Applied } from '../hub/request-answers.js';
import type { KeyEvent } from '../keys/key-event.js';
import type { StatusDetector } from '../status/status-detector.js';
import type { Screen } from '../ui/screen/screen.js';
import type { RemoteHost } from './remote.js';
import type { HubMachines } from '../remote/hub-machines.js';
import type { PipelineRunner } from '../pipelines/runner.js';
import type { AgentRuns } from '../pipelines/agent-runs.js';
import type { AgentDrive } from '../lifecycle/agent-drive.js';
import type { AgentPermissions } from '../lifecycle/agent-permissions.js';
import type { PluginAsk } from '../plugins/plugin-asks.js';
import type { ReviewPort } from '../review/review-port.js';
import type { ImprovementAnalysis } from '../worker/lua-host.js';
import type { ImprovementSummary, VersionRecord } from '../reload/improvement-history.js';
import type { WaitingImprovement } from '../improvements/waiting.js';
import type { WorktreeOffers } from '../lifecycle/worktree-offers.js';
import type { WorktreeFlow } from '../lifecycle/worktree-flow.js';
import type { HubSessions } from '../lifecycle/hub-sessions.js';
import type { HubProjects } from '../reload/hub-projects.js';
import type { HubPlugins } from '../plugins/hub-plugins.js';
import type { NetGate } from '../box/net-gate.js';
import type { WebPushRequest } from '../hub/requests.js';
import type { HubSettings } from '../hub/configuration.js';

/** What the verbs ask of the lifecycle room (HubAgents): agents' lives, after the verb judged who asks. */
export interface ControlLifecycle {
  /**
   * Starts an agent (profiles, worktrees, before_agent_spawn): the agent, or why nothing started;
   * a worktree asked for that cannot be made throws. `within`: the agent on whose word (its box).
   */
  start(spec: AgentSpec, opts: SpawnOptions): Promise<StartAnswer>;
  /** The way-out chord itself typed into the agent (tmux's send-prefix). */
  sendWayOut(agent: Agent): void;
  /** The worktrees of agents that exited, on offer: one removed (the branch stays). */
  offers: Pick<WorktreeOffers, 'remove'>;
  /** The conversation id an agent's CLI reported; true when its session record changed. */
  sessionReported(agentId: string, session: string): boolean;
  /** Stops it unless a before_agent_kill handler says no. */
  kill(agent: Agent): Promise<KillAnswer>;
  /** Takes an agent that exited off the list. */
  close(agent: Agent): void;
  /**
   * Stops it and starts it again in its place; `within`: the agent on whose word (its box);
   * `byUser`: you asked (you may move a box to another folder: a BoxError says no to anyone else).
   */
  restart(id: string, spec?: AgentSpec, within?: string, byUser?: boolean): Promise<void>;
}

/** The hub and its clients, as the hub.* and client.* verbs stop, detach and suspend them. */
export interface ControlClients {
  /** Stops the hub and every agent, unless a before_quit handler says no. */
  stop(): Promise<void>;
  /** Detaches the client served (false: none attached, or the hub is no server). */
  detach(): boolean;
  /** Asks the client served to suspend its terminal (false: none attached, or no terminal). */
  suspend(): boolean;
  /** A Web Push to the web's subscribed phones: what came of it. */
  webPush(m: WebPushRequest): 'sent' | 'typing' | 'off';
  /** settings.* of the live configuration (on_quit). */
  settings(): HubSettings;
  /** A command's line in the palette (client.quit's choices name theirs). */
  describe(id: string): string;
}

/** What the control socket's handlers need of the running hub. */
export interface ControlDeps {
  /**
   * An intent through the one router keys and Lua use (commands/apply-request.ts), judged as the
   * asker's (a script at the keys; Lua's as its owner): the focus verb's focus comes here.
   */
  request(r: Request, asker?: Principal, lua?: LuaOrigin): Promise<Applied>;
  /**
   * Runs a command by id as a script at the keys would (`asker`: an agent, judged act by act as
   * its own; you otherwise): the run verb's.
   */
  runCommand(id: string, arg: unknown, asker: Principal): Promise<void>;
  /** The home this hub serves ($BOTSTER_HOME). */
  home: string;
  /**
   * Where this home's keepers listen (absent: no keepers, its agents are the server's children): a
   * process that descends from one of them is an agent's (server/peer-principal.ts).
   */
  keeperDir?: string;
  store: Store;
  agents: Pick<AgentManager, 'get' | 'list' | 'onRemoved' | 'onOutput' | 'rename' | 'nameProblem'>;
  lifecycle: ControlLifecycle;
  /** session.json follows the agents (written again soon); the offer after a hub died (session.*). */
  sessions: Pick<HubSessions, 'changed' | 'resumeOffer' | 'discardOffer'>;
  /** The hub itself and its clients (hub.stop, client.*, web.push). */
  clients: ControlClients;
  /** Agents' worktrees: their facts, finishing and discarding them (worktree.*). */
  worktreeFlow: Pick<WorktreeFlow, 'status' | 'finish' | 'discard'>;
  /** Trusting a project's `.botster/` (project.trust, project.untrust). */
  projects: Pick<HubProjects, 'trust'>;
  /** The home's plugins, as the plugin.* verbs change them. */
  plugins: Pick<HubPlugins, 'fetch' | 'add' | 'grant' | 'update' | 'remove' | 'enable'>;
  /** Boxed agents asking for a host outside their box's list: your answer (agent.allow_host). */
  hostGate: Pick<NetGate, 'answer'>;
  /** Listeners that see every hub event, handlers or not (the event bridge's). */
  taps: EventBridge['taps'];
  status: Pick<StatusDetector, 'explain' | 'facts' | 'reported' | 'disagreement' | 'release'>;
  /** Whether an attached client's screen shows the agent now. */
  seen(agentId: string): boolean;
  /** The agent the served client types into now (a passthrough mode, a client attached); null: none. */
  typingIn(): string | null;
  /** The user typed into an agent: its echo is drawn at once, and a turn begins. */
  typed(agentId: string): void;
  /** One key, as if typed at the hub (its keymap, its actions). */
  key(ev: KeyEvent): void;
  /** Whose keys the hub presses from now (an agent's: what they do is judged as its; undefined: yours). */
  pressing(agent: AgentPrincipal | undefined): void;
  /** Resolves once no key action is running and no frame is pending. */
  whenIdle(): Promise<void>;
  /** Resolves once agents were quiet a moment and no frame is pending (what a snapshot shows). */
  settle(): Promise<void>;
  /**
   * The served client's last frame; `hidden`: agents the caller may not read, drawn for it from
   * the state without what their screens say (frame/reader-frame.ts).
   */
  screen(hidden?: (agentId: string) => boolean): Screen | Promise<Screen>;
  /** The names of the profiles (user/profiles.lua). */
  profiles(): string[];
  /** Whether a command of this id is registered. */
  hasCommand(id: string): boolean;
  /** The keys that open the command palette from insert mode, from the keymap (null: none do). */
  paletteKeys(): string | null;
  /** The keys that run command `id` from insert mode, as help shows them ("Ctrl+g o"; null: none do). */
  hubKeys(id: string): string | null;
  /** An improvement pushed over the socket: the policy's decision. */
  push(req: { name: string; source: string; agent_id: string | null }): Promise<Record<string, unknown>>;
  log(level: string, message: string): void;
  /** Says it on screen (and to the `run` whose call chain it is part of). */
  notify(text: string, level?: 'info' | 'error'): void;
  /** The transcripts its CLI keeps of the session its hooks reported (lua/default/clis/: `transcripts`), newest first. */
  transcripts(agentId: string): string[];
  /** An agent of another machine (settings.machines): its link and its id there. */
  remoteOf: RemoteHost['remoteOf'];
  /** The machines this hub reaches (machines.define, settings.machines) and their links. */
  machines: Pick<HubMachines, 'list' | 'link' | 'listed'>;
  /**
   * How an agent starts again on another machine (verbs/move.ts): its CLI's resume in its
   * conversation (`resumed`: its profile's resume function, lua/core/profiles.lua), else its command
   * as it ran; `error`: that function's; null: no record of it.
   */
  resumeOf(
    agentId: string,
  ): Promise<{ command: string; args?: string[]; resumed: boolean; error?: string } | null>;
  /** Its CLI's transcripts of its conversation, each with its CLI's pattern that found it. */
  transcriptsOf(agentId: string): Array<{ file: string; pattern: string }>;
  /** Agents another hub shows in a panel (its link to this one), by how many: they are seen. */
  watched: Map<string, number>;
  /** Worktrees removed (worktrees prune): agents still listed with one no longer have it. */
  worktreesGone?(paths: readonly string[]): void;
  /** A web page shows this agent: another machine's sends its screen while held (the function lets go). */
  holdRemote(id: string): () => void;
  /** A pipeline run an agent asks for: the user's policy reviews it first; your answer (pipeline.accept). */
  agentRuns: Pick<AgentRuns, 'ask' | 'answer'>;
  /**
   * Runs `fn` (requests) and answers what the commands and Lua calls it started came to, from their
   * own call chain (commands/run-outcome.ts): the errors they said, which were refusals, their last
   * words. `answered`: resolves once the verbs they asked for answered (and their callbacks ran).
   */
  attempt(
    fn: (answered: () => Promise<void>) => Promise<void>,
  ): Promise<{ errors: string[]; refused: string[]; said: string | null }>;
  /** Agents' permission questions through the policy in Lua, and your answers (lifecycle/agent-permissions.ts). */
  permissions: Pick<AgentPermissions, 'ask' | 'answer' | 'typingRefused'>;
  /** Which agent may drive which (lifecycle/agent-drive.ts): an agent's own, or the user said yes. */
  drive: Pick<
    AgentDrive,
    'may' | 'ask' | 'started' | 'startedBy' | 'startedByLua' | 'luaAncestry' | 'luaMay' | 'verdict' | 'answer'
  >;
  /**
   * Lua on trial as improvement `name` would load (sandboxed, in the worker; nothing goes live),
   * its errors naming `file`: what it registers, or throws its error.
   */
  tryImprovement(name: string, source: string, file: string): Promise<ImprovementAnalysis>;
  /** The improvements' history and what waits for the user (improvements/), and a revert that goes live. */
  improvements: {
    list(): ImprovementSummary[];
    waiting(): WaitingImprovement[];
    revert(name: string, version?: number): Promise<{ record: VersionRecord; error: string | null }>;
    /** Your answer to the improvement waiting for one (improvement.accept): what happened. */
    answer(accept: boolean, name?: string): Promise<string>;
  };
  /** The agent that pushed improvement `name`'s live version (null: a file dropped in; undefined: none live). */
  improvementPusher(name: string): string | null | undefined;
  /** The running programs sandboxed Lua started (process.run), with who ran each ("plugin NAME"). */
  sandboxed?(): ReadonlyMap<number, string>;
  /**
   * Agent `from` asks to add, grant or enable a plugin: the user is asked in the hub (the hook
   * plugin_asked); answers the ask as shown, or throws why it was not asked.
   */
  askPlugin(
    from: string,
    action: string,
    args: { source?: string; name?: string; caps?: string; cwd?: string },
  ): PluginAsk;
  /** The agent that started pipeline run `run` (null: you did; undefined: no such run). */
  pipelineStartedBy(run: string): string | null | undefined;
  /** A hook (lua/default/ and your files); a `before_` one answers the payload its handlers made (null: none ran). */
  emit(
    event: string,
    payload: Record<string, unknown>,
    subject: string | null,
  ): Promise<{ payload: unknown; cancelled: boolean; reason?: string } | null>;
  /** Review comments on agents' changes: review_comment, review_comments, review_edit, review_send. */
  review: ReviewPort;
  /** `pipeline run`, `ls`, `cancel`, `choose`. */
  pipelines: Pick<PipelineRunner, 'start' | 'list' | 'get' | 'cancel' | 'choose' | 'pause' | 'retry'>;
}
