import { keyEventsFromSpec } from '../keys/spec-to-events.js';
import { ControlError } from '../wire/control-request.js';
import { mayDrive } from './drive.js';
import { defineVerb } from './verb.js';
import { int, obj, str } from './shape.js';

// `botster-tui snapshot --live [--keys ...]`: press the keys in the live hub, then show its frame.
// An agent may (it tries the keys an improvement of its binds), held to two rules: its keys act on
// the focused agent, so that must be one it may drive (itself, one it started, or you let it), and
// it never answers a question that takes a word typed (trusting, accepting an improvement, letting
// an agent drive another): those are yours. What its keys run (a binding, a command the palette
// chose) is judged as the agent's, request by request, as its `run` is (commands/apply-request.ts).
export const snapshotVerb = defineVerb({
  name: 'snapshot',
  waits: true,
  summary: "the hub's frame as an attached client sees it, after pressing keys (--keys)",
  ssh: true,
  refusals:
    "bad key spec, `refused` (an agent's keys: the focused agent is not one it may drive, or a question that takes a word typed is open)",
  args: {
    keys: {
      type: 'string',
      doc: 'key spec, pressed first ("ctrl+g j")',
      error: 'keys must be a string like "ctrl+g j"',
    },
    ansi: { type: 'boolean', doc: 'keep colours and attributes (SGR escapes)' },
  },
  answer: obj({ frame: str('the screen, as text (or ANSI)'), width: int(), height: int() }),
  act: async (deps, req, call) => {
    const events = typeof req.keys === 'string' && req.keys ? keyEventsFromSpec(req.keys) : [];
    const who = events.length > 0 ? await call.who() : undefined;
    const agent = who?.kind === 'agent';
    for (const ev of events) {
      if (agent) {
        const focused = deps.store.state.client.focus;
        const target = focused ? deps.agents.get(focused) : undefined;
        // Keys act on the focused agent (typed into it, or x, r, ... in normal mode).
        if (target) await mayDrive(deps, call, target, 'press keys on');
        const o = deps.store.state.client.overlay;
        if (o && 'items' in o && o.items.some((i) => i.confirm !== undefined))
          throw new ControlError(
            "snapshot: a question that takes a word typed is open: it is yours to answer, not an agent's keys",
            { reason: 'refused' },
          );
      }
      // What the key does (a binding, the palette's choice) is judged as the agent's, as its `run` is.
      if (who?.kind === 'agent') deps.pressing(who);
      try {
        deps.key(ev);
        await deps.whenIdle();
      } finally {
        if (who?.kind === 'agent') deps.pressing(undefined);
      }
    }
    await deps.settle();
    // An agent sees the hub's frame drawn without what the agents it may not read say: their
    // panels, reasons and titles, and the notices and dialogs that quote them.
    const reads = who ?? (await call.who());
    const screen = await deps.screen(
      reads.kind === 'agent' ? (id) => !deps.drive.may(reads.id, id) : undefined,
    );
    return {
      frame: req.ansi === true ? screen.toAnsi() : screen.toText(),
      width: screen.width,
      height: screen.height,
    };
  },
});
