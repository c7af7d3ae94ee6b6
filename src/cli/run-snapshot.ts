import { Hub } from '../app/hub.js';
import { keyEventsFromSpec } from '../keys/spec-to-events.js';
import type { AgentSpec } from '../agents/types.js';
import type { SessionAgent } from '../lifecycle/session-file.js';
import type { LuaHost } from '../lua/lua-host.js';

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

const SETTLE_QUIET_MS = 150;
const SETTLE_LIMIT_MS = 5000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the whole pipeline without a terminal and returns the final frame. */
export async function renderSnapshot(opts: SnapshotOptions): Promise<string> {
  const hub = await Hub.start({ ...opts, write: () => {} });
  try {
    await sleep(opts.waitMs);
    if (opts.keys) await opts.keys(hub);
    await settle(hub);
    const screen = hub.screen();
    return opts.ansi ? screen.toAnsi() : screen.toText();
  } finally {
    await hub.dispose();
  }
}

/** Waits until agents have been quiet for a moment and no frame is pending (bounded). */
export async function settle(hub: Hub): Promise<void> {
  const limit = performance.now() + SETTLE_LIMIT_MS;
  while (performance.now() < limit) {
    await hub.whenIdle();
    const quietFor = performance.now() - hub.frame.lastOutputAt;
    if (quietFor >= SETTLE_QUIET_MS && !hub.busy) break;
    await sleep(Math.max(10, SETTLE_QUIET_MS - quietFor));
  }
  hub.redraw();
  await hub.whenIdle();
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
