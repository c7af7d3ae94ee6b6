import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Agent } from '../../src/agents/agent.js';
import { Keymap } from '../../src/keys/keymap.js';
import { useHub } from '../support/use-hub.js';

// docs/architecture.md's walk of a key typed into an agent, checked against the calls the hub
// really makes (stack traces taken as a client's key goes through), not against names found in
// the text: each step it names is on the way, in its order, and the way is short.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const doc = fs.readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
const walk = doc.slice(doc.indexOf('### A key typed into an agent'), doc.indexOf('### A PTY chunk'));

/** The walk's steps: file and function, in order. */
const steps = [...walk.matchAll(/^\d+\. `(src\/[\w./-]+)` `([\w.]+)`/gm)].map((m) => ({
  file: m[1],
  fn: m[2],
}));

interface Frame {
  fn: string;
  file: string;
}

/** A stack's frames in src/ and test/support/, innermost first (anonymous ones by file). */
function frames(stack: string): Frame[] {
  const out: Frame[] = [];
  for (const line of stack.split('\n').slice(1)) {
    const m = /at (?:async )?(?:(\S+)(?: \[as \S+\])? \()?(?:file:\/\/)?([^():]+):\d+:\d+\)?$/.exec(
      line.trim(),
    );
    if (!m) continue;
    const file = path.relative(ROOT, m[2]);
    if (!file.startsWith('src/') && !file.startsWith('test/support/')) continue;
    out.push({ fn: (m[1] ?? '<anonymous>').replace(/^Object\./, ''), file });
  }
  return out;
}

/** The frames from the client's bytes (HubClients.input) in to `inner`, outermost first. */
function route(stack: string): Frame[] {
  const f = frames(stack).reverse();
  const from = f.findIndex((x) => x.fn === 'HubClients.input');
  expect(from, `HubClients.input is not on the stack:\n${stack}`).toBeGreaterThanOrEqual(0);
  return f.slice(from);
}

const named = (f: Frame[]) => f.map((x) => `${x.fn} (${x.file})`).join('\n  ');

const hubs = useHub();
afterEach(() => vi.restoreAllMocks());

describe("a key's way to the agent, as docs/architecture.md walks it", () => {
  it('goes through each step the walk names, in its order, in at most 12 calls, through the wiring once', async () => {
    expect(steps.length).toBeGreaterThan(6);
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 100;
    try {
      const t = await hubs.scripted({ agents: [{ command: 'cat' }] });
      t.hub.clients.attach('c1', 100, 30);
      await t.settle();
      expect(t.hub.state.client.mode).toBe('insert');
      // Where the keymap decides, where the key is kept for the agent, and where it is written.
      const decided: string[] = [];
      const kept: string[] = [];
      const written: string[] = [];
      const through = Keymap.prototype.typesThrough;
      vi.spyOn(Keymap.prototype, 'typesThrough').mockImplementation(function (this: Keymap, ...args) {
        decided.push(new Error().stack!);
        return through.apply(this, args);
      });
      const exited = Object.getOwnPropertyDescriptor(Agent.prototype, 'isExited')!.get!;
      vi.spyOn(Agent.prototype, 'isExited', 'get').mockImplementation(function (this: Agent) {
        const s = new Error().stack!;
        if (s.includes('typeThrough')) kept.push(s);
        return exited.call(this);
      });
      const pty = t.agent('cat');
      const write = pty.write.bind(pty);
      pty.write = (data: string) => {
        written.push(new Error().stack!);
        write(data);
      };
      // (bytes, as a client's terminal sends them)
      t.hub.clients.input('c1', Buffer.from('x'));
      await t.settle();
      expect(written, 'the key reached the PTY once').toHaveLength(1);
      expect(decided.length).toBeGreaterThanOrEqual(1);
      expect(kept.length).toBeGreaterThanOrEqual(1);

      // (The spy itself is not in src/: the innermost call is Keymap.typesThrough.)
      const toKeymap = [...route(decided[0]), { fn: 'Keymap.typesThrough', file: 'src/keys/keymap.ts' }];
      const toKept = route(kept[0]);
      const toPty = route(written[0]);
      // Each named step is a real call on the way (the server's own read of the client's terminal
      // comes before HubClients.input; the PTY's write is the scripted one here, the keeper's or
      // node-pty's in a hub server).
      const seen = [...toKeymap, ...toKept, ...toPty];
      for (const s of steps.slice(1, -1))
        expect(
          seen.some((f) => f.file === s.file && f.fn.endsWith(s.fn)),
          `${s.fn} (${s.file}) is not on the way:\n  ${named(seen)}`,
        ).toBe(true);
      // ...in the walk's order, on each stack.
      for (const stack of [toKeymap, toKept, toPty]) {
        const at = steps
          .map((s) => stack.findIndex((f) => f.file === s.file && f.fn.endsWith(s.fn)))
          .filter((i) => i >= 0);
        expect(at, named(stack)).toEqual([...at].sort((a, b) => a - b));
      }
      expect(toPty.at(-1)!.fn).toBe('Agent.write');
      // Short: the bytes to the keymap, and the bytes to the PTY's writer.
      expect(toKeymap.length, named(toKeymap)).toBeLessThanOrEqual(12);
      expect(toPty.length + 1, named(toPty)).toBeLessThanOrEqual(12);
      // The composition root (src/app) is wiring passed through, never a hop of its own twice.
      for (const stack of [toKeymap, toKept, toPty])
        expect(stack.filter((f) => f.file.startsWith('src/app/')).length, named(stack)).toBeLessThanOrEqual(
          1,
        );
    } finally {
      Error.stackTraceLimit = limit;
    }
  });
});
