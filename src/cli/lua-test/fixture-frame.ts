import { Hub } from '../../app/hub.js';
import type { AgentSpec } from '../../agents/types.js';
import { keyEventsFromSpec } from '../../keys/spec-to-events.js';
import { shellWord } from '../shell-quote.js';
import { hubLoadError, LuaLoadError } from './load-error.js';

// The `hub` fixture of `botster-tui test`: a real hub (its Lua worker, reducer, layout and frame
// pipeline, as `snapshot` runs it) over a home, with sample agents whose screens and states the
// test names. A frame is taken only when every agent is in the state asked for, so it is the same
// every run.

/** A sample agent as a test names it (hub:frame{ agents = { ... } }). */
export interface SampleAgent {
  name?: string;
  /** What its terminal shows (lines split by \n). */
  screen?: string;
  /** running (it keeps working), idle (quiet) or exited (with exit_code). */
  state?: 'running' | 'idle' | 'exited';
  exit_code?: number;
}

export interface FrameRequest {
  size?: string;
  keys?: string;
  agents?: SampleAgent[];
  /** A layout file instead of the home's user/layout.lua (relative to the test file). */
  layout?: string;
  /** The frame with colours (ANSI), not plain text. */
  ansi?: boolean;
}

/** Two agents when a test names none: one at work, one whose build failed. */
export const DEFAULT_AGENTS: SampleAgent[] = [
  { name: 'claude', screen: 'ready to work\nline two', state: 'running' },
  { name: 'builder', screen: 'build failed', state: 'exited', exit_code: 3 },
];

const STATES = ['running', 'idle', 'exited'];
/** A hub whose agents never reach their states is an error (with what they are), not a hung test. */
const READY_BOUND_MS = 15_000;

export function parseFrameSize(size: string): { cols: number; rows: number } {
  const m = /^(\d+)x(\d+)$/.exec(size);
  if (!m || Number(m[1]) < 10 || Number(m[2]) < 5)
    throw new Error(`size must be WIDTHxHEIGHT (at least 10x5), got "${size}"`);
  return { cols: Number(m[1]), rows: Number(m[2]) };
}

/** The agent's command: it prints its screen, then works (a byte that draws nothing, twice a second), sleeps or exits. */
export function sampleSpec(a: SampleAgent, i: number): AgentSpec {
  const state = a.state ?? 'running';
  if (!STATES.includes(state))
    throw new Error(`agent ${i + 1}: state must be running, idle or exited, got "${String(state)}"`);
  const print = `printf '%s' ${shellWord((a.screen ?? '').replace(/\r?\n/g, '\r\n'))}`;
  const then =
    state === 'exited'
      ? `exit ${Number(a.exit_code ?? 0) | 0}`
      : state === 'idle'
        ? 'exec sleep 86400'
        : `while :; do printf '\\000'; sleep 0.3; done`;
  return { command: `stty -echo 2>/dev/null; ${print}; ${then}`, name: a.name ?? `agent${i + 1}` };
}

/** A hub whose Lua did not load draws the shipped layout and the error: not a frame of the user's Lua. */
function throwIfNotLoaded(hub: Hub, home: string): void {
  const error = hubLoadError(hub.state, home);
  if (error) throw new LuaLoadError(error);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Renders one frame: the hub starts over `home`, its agents reach their states, the keys are pressed. */
export async function fixtureFrame(home: string, req: FrameRequest, layoutFile?: string): Promise<string> {
  const { cols, rows } = parseFrameSize(req.size ?? '100x30');
  const samples = req.agents ?? DEFAULT_AGENTS;
  const agents = samples.map(sampleSpec);
  const keys = req.keys === undefined ? [] : keyEventsFromSpec(req.keys);
  const hub = await Hub.start({ home, layoutFile, agents, cols, rows, write: () => {} });
  try {
    // Ready, and still ready once the frame is drawn (an agent's state can move as it settles: a
    // program that exec'd is news, then quiet again).
    const bound = Date.now() + READY_BOUND_MS;
    const ready = () => {
      const list = hub.agents.list();
      return (
        list.length === samples.length &&
        list.every(
          (a, i) => a.info.status === (samples[i].state ?? 'running') && a.terminal.pendingBytes() === 0,
        )
      );
    };
    for (let calm = 0; calm < 3;) {
      if (Date.now() > bound)
        throw new Error(
          `the sample agents did not reach their states: ${hub.agents
            .list()
            .map((a) => `${a.name} ${a.info.status}`)
            .join(', ')}`,
        );
      await sleep(150);
      await hub.settle();
      calm = ready() ? calm + 1 : 0;
    }
    throwIfNotLoaded(hub, home);
    for (const ev of keys) {
      hub.key(ev);
      await hub.whenIdle();
    }
    await hub.settle();
    // (a key whose binding is broken or raises an error: the frame would show it)
    throwIfNotLoaded(hub, home);
    const screen = hub.screen();
    return req.ansi ? screen.toAnsi() : screen.toText();
  } finally {
    await hub.dispose();
  }
}
