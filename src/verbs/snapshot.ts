import { keyEventsFromSpec } from '../keys/spec-to-events.js';
import type { Verb } from './verb.js';

// `botster-tui snapshot --live [--keys ...]`: press the keys in the live hub, then show its frame.
// The user's alone: the keys are the user's keys (an agent pressing them would answer the hub's
// own questions), and the frame shows every agent's screen.
export const snapshotVerb: Verb = {
  name: 'snapshot',
  summary: "the hub's frame as an attached client sees it, after pressing keys (--keys)",
  ssh: true,
  act: async (deps, req) => {
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
  },
};
