import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
// (Shared with the bench that prints these counts: bench/key-route.mjs.)
import { KEYS, keyRoutes, named } from '../../bench/key-route.mjs';

// docs/architecture.md's walk of a key typed into an agent, checked against the calls a hub
// server really makes: the real CLI in a PTY, its server's write(2) on the agent's PTY caught with
// its stack (bench/key-route-hook.cjs), the bundle's frames mapped back to the sources. Each step
// the walk names is on the way, in its order, and the way is short, for every key the keymap
// passes through as typed: a letter, Enter, Backspace, Tab, an arrow, ctrl+c.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const doc = fs.readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
const walk = doc.slice(doc.indexOf('### A key typed into an agent'), doc.indexOf('### A PTY chunk'));

/** The walk's steps: file and function, in order. */
const steps = [...walk.matchAll(/^\d+\. `(src\/[\w./-]+)` `([\w.]+)`/gm)].map((m) => ({
  file: m[1],
  fn: m[2].split('.').pop()!,
}));

const hubs = useHub();

describe("a key's way to the agent, as docs/architecture.md walks it", () => {
  it('goes from the server read of the client terminal to write(2) on the PTY in at most 12 calls, through each step, no wiring', async () => {
    expect(steps.length).toBeGreaterThan(6);
    const routes = await keyRoutes();
    expect(Object.keys(routes)).toEqual(Object.keys(KEYS));
    for (const [key, route] of Object.entries(routes)) {
      const why = `${key}:\n  ${named(route)}`;
      expect(route[0].file, why).toBe('src/server/client-tty.ts');
      expect(route.at(-1), why).toMatchObject({ file: 'src/pty/direct-write.ts' });
      expect(route.length, why).toBeLessThanOrEqual(12);
      // Decided on the way (not parsed first and written at inputDone).
      expect(
        route.some((f) => /inputDone/.test(f.fn)),
        why,
      ).toBe(false);
      // No wiring closure of the composition root or the CLI on the way.
      expect(
        route.filter((f) => /^src\/(app|cli)\//.test(f.file)),
        why,
      ).toEqual([]);
      const at = steps.map((s) => route.findIndex((f) => f.file === s.file && f.fn.endsWith(s.fn)));
      for (const [i, s] of steps.entries())
        expect(at[i], `${s.fn} (${s.file}) is not on the way of ${why}`).toBeGreaterThanOrEqual(0);
      expect(at, why).toEqual([...at].sort((a, b) => a - b));
    }
  }, 60000);

  it("a user's binding of Enter or ctrl+c in insert mode still wins over the short way", async () => {
    const t = await hubs.scripted({
      agents: [{ command: 'cat' }],
      files: {
        'user/keys.lua':
          'keys.bind("insert", "enter", "mode.normal")\nkeys.bind("insert", "ctrl+c", "mode.normal")\n',
      },
    });
    t.hub.clients.attach('c1', 100, 30);
    await t.settle();
    const pty = t.agent('cat');
    const written: string[] = [];
    const write = pty.write.bind(pty);
    pty.write = (data: string) => {
      written.push(data);
      write(data);
    };
    for (const key of ['\r', '\x03']) {
      t.hub.dispatch({ type: 'set_mode', mode: 'insert' });
      await t.settle();
      t.hub.clients.input('c1', Buffer.from('x'));
      t.hub.clients.input('c1', Buffer.from(key));
      await t.settle();
      expect(t.hub.state.client.mode, JSON.stringify(key)).toBe('normal');
    }
    expect(written.join('')).toBe('xx');
  });
});
