import fs from 'node:fs';
import path from 'node:path';
import { ControlError } from '../wire/control-request.js';
import { ToPluginError, writePluginFromImprovement } from '../improvements/to-plugin.js';
import { firstTestRun } from '../improvements/plugin-golden.js';
import { defineVerb } from './verb.js';
import { bool, list, obj, str } from './shape.js';

// An improvement made a plugin folder (`botster-tui plugin new NAME --from improvement IMP`'s
// work, src/improvements/to-plugin.ts), its test run once so its golden frame is there. The agent
// that made the improvement asks for it through MCP; the folder goes where it may write (the home's
// drafts/plugins/, or inside the agent's own folder), and nothing is added or enabled: that stays
// `botster-tui plugin add`, the user's (hub/who-may.ts: the plugin request is yours alone).

/** Where an agent's plugin folders go unless it names one inside its own folder. */
export const draftsDir = (home: string) => path.join(home, 'drafts', 'plugins');

/** `p` with its links read (as far as it exists), so a link inside a folder cannot lead out of it. */
function real(p: string): string {
  const rest: string[] = [];
  for (let at = path.resolve(p); ; at = path.dirname(at)) {
    try {
      return path.join(fs.realpathSync(at), ...rest);
    } catch {
      if (path.dirname(at) === at) return path.resolve(p);
      rest.unshift(path.basename(at));
    }
  }
}

const inside = (p: string, dir: string) => {
  const [rp, rd] = [real(p), real(dir)];
  return rp === rd || rp.startsWith(rd + path.sep);
};

export const pluginFromImprovementVerb = defineVerb({
  name: 'plugin_from_improvement',
  summary:
    'make an improvement a plugin folder (its code and versions, a manifest of what it calls, a README, a passing golden-frame test): never installed, plugin add is yours',
  refusals:
    '`invalid_name`, `unknown_name` (no such improvement), `name_taken` (a plugin of that name is in the home), `exists` (the folder is there: nothing overwritten), `refused` (an agent names a folder outside its own and the drafts)',
  args: {
    name: { type: 'string', required: true, nonEmpty: true, doc: "the plugin's name", cli: false },
    improvement: {
      type: 'string',
      required: true,
      nonEmpty: true,
      doc: 'the improvement it is made of',
      cli: false,
    },
    dir: {
      type: 'string',
      doc: "its folder, new (default: the home's drafts/plugins/NAME; an agent's relative folder is in its own folder)",
      cli: false,
    },
  },
  answer: obj({
    dir: str('the plugin folder written'),
    files: list(str(), 'the files written, relative to it (its golden frame too)'),
    capabilities: list(str(), 'what its manifest asks for, read from its code'),
    hosts: list(str(), 'net: the hosts it reaches'),
    commands: list(str(), 'run: the programs it starts'),
    test: obj({
      passed: bool('its test passed on its first run (and wrote its golden frame)'),
      output: str("botster-tui test's output"),
    }),
    says: str('what was done and what is next, in words'),
  }),
  act: async (deps, req, call) => {
    const who = await call.who();
    const drafts = draftsDir(deps.home);
    let dir: string;
    if (who.kind === 'agent') {
      const own = deps.agents.get(who.id)?.cwd;
      dir = req.dir ? path.resolve(own ?? drafts, req.dir) : path.join(drafts, req.name);
      if (!inside(dir, drafts) && !(own && inside(dir, path.resolve(own))))
        throw new ControlError(
          `an agent writes a plugin folder in its own folder (${own ?? 'none known'}) or in ${drafts}, not ${dir}`,
          { reason: 'refused' },
        );
    } else dir = req.dir ? path.resolve(drafts, req.dir) : path.join(drafts, req.name);
    let made;
    try {
      made = writePluginFromImprovement(deps.home, req.name, req.improvement, dir);
    } catch (err) {
      if (err instanceof ToPluginError) throw new ControlError(err.message, { reason: err.reason });
      throw err;
    }
    const run = await firstTestRun(made.dir, deps.home);
    const m = made.manifest;
    const passed = run.code === 0;
    return {
      dir: made.dir,
      files: passed ? [...made.files, '__golden__/hub.txt'] : made.files,
      capabilities: m.capabilities,
      hosts: m.hosts,
      commands: m.commands,
      test: { passed, output: run.output },
      says: `${m.name} written in ${made.dir}, asking for ${m.capabilities.join(', ') || 'no capability'}; ${passed ? 'its test passed' : 'its test did not pass (see test.output)'}. Nothing is installed: the user adds it with botster-tui plugin add ${made.dir}`,
    };
  },
});
