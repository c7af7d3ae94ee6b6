// A plugin's pipelines: defined in the plugin's own Lua state, run by the hub like yours, within
// what the user granted it (a check needs `run`). The steps' agents are the scripted CLI in real PTYs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { tempHome } from '../support/homes.js';
import { addFolderPlugin } from '../support/folder-plugin.js';
import type { Capability } from '../../src/hub/capabilities.js';

const withSocket = fleetHubs();
const FAKE = `node ${JSON.stringify(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fake-cli.mjs'))}`;

const PIPELINE = (id: string) => `pipelines.define{ id = "${id}", strategy = { kind = "sequential", steps = {
  { id = "one", command = "FAKE", prompt = "answer first \${word}" },
  { id = "two", command = "FAKE", prompt = "answer then \${one.result}", check = "true" },
} } }`;

describe("a plugin's pipelines", () => {
  it("run as the user's do; without `run` a check is refused by name", async () => {
    const { hub, home } = await withSocket([], {}, { cols: 120, rows: 40 });
    // (each asks for `pipelines` and `run`; the user grants `unchecked` only the first)
    const add = (name: string, lua: string, granted: Capability[]) =>
      addFolderPlugin(
        home,
        name,
        lua.replace(/FAKE/g, JSON.stringify(FAKE).slice(1, -1)),
        ['pipelines', 'run'],
        granted,
      );
    await add('chained', PIPELINE('chained-two'), ['pipelines', 'run']);
    await add('unchecked', PIPELINE('unchecked-two'), ['pipelines']);
    const cwd = tempHome();
    // (This hub does not watch its files: test/plugins/plugins-live.test.ts has one that does.)
    await hub.config.reload([]);
    const started = await hub.pipelines.start({ id: 'chained-two', cwd, vars: { word: 'hi' } });
    const run = await started.done;
    expect(run.status).toBe('done');
    expect(run.result?.text).toBe('then first hi');
    // Its agents are the plugin's: none of them may start the web (server/web-control.ts).
    const agents = run.order.map((k) => run.steps[k]!.agent?.id);
    expect(agents.map((id) => (id ? hub.drive.luaAncestry(id) : 'no agent'))).toEqual(
      agents.map(() => 'plugin chained'),
    );
    await expect(hub.pipelines.start({ id: 'unchecked-two', cwd, vars: { word: 'x' } })).rejects.toThrow(
      'plugin unchecked: pipeline unchecked-two needs the capability "run"',
    );
  }, 60000);
});
