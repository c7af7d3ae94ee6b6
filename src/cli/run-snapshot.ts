import { Hub } from '../app/hub.js';
import { keyEventsFromSpec } from '../keys/spec-to-events.js';
import type { AgentSpec } from '../agents/types.js';
import type { SessionAgent } from '../lifecycle/session-file.js';
import type { LuaHost } from '../worker/lua-host.js';

export interface SnapshotOptions {
  home: string;
  layoutFile?: string;
  agents: AgentSpec[];
  /** --restore: recorded agents, resumed through their profiles. */
  restore?: SessionAgent[];
  lua?: LuaHost;
  cols: number;
  rows: number;
  waitMs: number;
  ansi: boolean;
  keys?: (hub: Hub) => Promise<void>;
  notices?: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the whole pipeline without a terminal and returns the final frame. */
export async function renderSnapshot(opts: SnapshotOptions): Promise<string> {
  const hub = await Hub.start({ ...opts, write: () => {} });
  try {
    await sleep(opts.waitMs);
    if (opts.keys) await opts.keys(hub);
    await hub.settle();
    const screen = hub.screen();
    return opts.ansi ? screen.toAnsi() : screen.toText();
  } finally {
    await hub.dispose();
  }
}

/** Feeds `snapshot --keys "ctrl+g j enter"` through the real parser's events and the keymap. */
export function keysFromSpec(spec: string): (hub: Hub) => Promise<void> {
  const events = keyEventsFromSpec(spec);
  return async (hub) => {
    for (const ev of events) {
      hub.key(ev);
      await hub.whenIdle();
    }
  };
}
