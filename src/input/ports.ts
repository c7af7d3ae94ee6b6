// What the input room needs from the rest of the hub, as narrow ports the composition root fills.
import type { Agent } from '../agents/agent.js';
import type { AgentManager } from '../agents/agent-manager.js';
import type { KeyEvent } from '../keys/key-event.js';
import type { Binding } from '../keys/keymap.js';
import type { StateReader, Store } from '../hub/store.js';
import type { Clock } from '../clock/clock.js';
import type { Compositor } from '../ui/compositor.js';
import type { InputController } from './input-controller.js';

/** What the attached clients need: their views in the state, their keys, their frames. */
export interface ClientsDeps {
  store: Store;
  /** The hub's time (each client's key parser times its escapes on it). */
  clock: Clock;
  /** A sequence the last client left half-typed settles (as its timeout would). */
  settle(): void;
  /** Whether no key waits for what a key started (the served client's typing may then skip the queue). */
  queue: { readonly idle: boolean };
  /** Types a client's input into the focused agent when each key of it passes through as typed. */
  keymap: Pick<InputController, 'typeThrough'>;
  /** One parsed key from a client. */
  key(ev: KeyEvent, client: string): void;
  /** All of a client's input at hand was keyed: what it typed into an agent goes out now. */
  inputDone(): void;
  /** That client's whole frame, drawn next. */
  redraw(client: string): void;
  /** The PTYs follow the served client's panels. */
  fitAgents(): void;
  /** A client typed: the user is here (the configuration watcher's safety net looks every second again). */
  userHere(): void;
}

/** What the key queue needs: whose view is served, the keymap, the clients, and the hub's actions in flight. */
export interface KeyQueueDeps {
  store: StateReader;
  keymap: Pick<InputController, 'settle' | 'feed'>;
  /** Serves this client's view from now on; false when it is not attached. */
  activate(client: string): boolean;
  /** Counts a key's action as in flight (whenIdle waits for it). */
  track(p: Promise<void>): void;
  log(level: string, message: string): void;
}

/** What the keymap's side of the hub needs: typing into agents, running bindings, the mouse. */
export interface InputDeps {
  store: Store;
  agents: Pick<AgentManager, 'get' | 'holdOthers'>;
  focused(): Agent | undefined;
  /** The user typed into this agent: its echo is drawn at once, and a turn begins. */
  typed(agentId: string): void;
  /** Starts what a key is bound to (a Lua function or a command) as the key's action. */
  run(binding: Binding): void;
  emit(event: string, payload: Record<string, unknown>): void;
  /** The served client's panels and clickable rows, as last drawn. */
  compositor(): Pick<Compositor, 'slots' | 'targets'>;
  /** Scrolls an agent's view (positive: up into its scrollback). */
  scroll(agentId: string, lines: number): void;
}
