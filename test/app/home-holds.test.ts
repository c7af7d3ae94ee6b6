// What the home keeps is no wider than `read`: an agent's own processes read every file of the
// home (it runs as you), so no file there holds what another agent's screen says, and a record an
// agent can compute (a trust) is no trust unless the hub sealed it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { tempRepo, until } from '../support/hub.js';
import { projectHash } from '../../src/reload/projects.js';
import type { Hub } from '../../src/app/hub.js';

const hubs = fleetHubs();

const agentNamed = (hub: Hub, name: string) => hub.agents.list().find((a) => a.info.name === name)!;

describe('what the home holds', () => {
  it("session.json never holds an agent's screen: an agent that may not read victim finds nothing of it in the home", async () => {
    const h = await hubs([{ command: 'cat', name: 'victim' }], {}, { collaborativeWaitMs: 300 });
    h.hub.sessions.record();
    agentNamed(h.hub, 'victim').write('SECRET-SCREEN\r');
    await until('cat echoed', () => h.hub.screen().toText().includes('SECRET-SCREEN'));
    const s = script(h.home, 'spy', [
      'botster-tui read victim',
      `grep -rl SECRET-SCREEN "$BOTSTER_HOME" --exclude=spy.sh --exclude=spy.out || echo NOTHING-FOUND`,
    ]);
    await h.hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'spy' }, { focus: false });
    const out = await until('the script ran', () => read(s.out).includes('done') && read(s.out), 30000);
    // `read` refuses it (victim is not the spy's), and no file of the home gives it away either.
    expect(out).toMatch(/may not read agent victim/);
    expect(out).toContain('NOTHING-FOUND');
    // session.json records the victim (what resuming needs), not its screen.
    const file = fs.readFileSync(path.join(h.home, 'session.json'), 'utf8');
    expect(file).toContain('"victim"');
    expect(file).not.toContain('SECRET-SCREEN');
  }, 60000);

  it('logs/hub.log names the notice that an agent asks, never its question', async () => {
    const h = await hubs([{ command: 'cat', name: 'mine' }], {}, { collaborativeWaitMs: 300 });
    const v = script(h.home, 'victim', [
      "botster-tui report --state waiting --reason 'Deploy with token=SECRET-LOG? (y/n)'",
    ]);
    await h.hub.lifecycle.spawn({ command: 'sh', args: [v.file], name: 'victim' }, { focus: false });
    const log = () => {
      const f = path.join(h.home, 'logs', 'hub.log');
      return fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '';
    };
    // The notice on screen says it (you may read it all) ...
    await until('the notice', () => h.hub.state.notice?.text.includes('SECRET-LOG'), 20000);
    // ... and the log, which every agent of yours can read, names it only.
    await until('the notice logged', () => /a notice about victim \(id \d+\)/.test(log()), 10000);
    expect(log()).not.toContain('SECRET-LOG');
  }, 60000);

  it('a trust an agent writes into trusted-projects.json (the hash is computable) is no trust: the project runs sandboxed, and the log says why', async () => {
    const { repo } = tempRepo();
    fs.mkdirSync(path.join(repo, '.botster'));
    fs.writeFileSync(
      path.join(repo, '.botster', 'hooks.lua'),
      'commands.register("proj.hi", function(app) app:notify("hi") end)\n',
    );
    const h = await hubs([{ command: 'cat', name: 'mine' }], {}, { collaborativeWaitMs: 300 });
    const forged = JSON.stringify({ [repo]: { hash: projectHash(repo), at: 'then' } });
    const s = script(h.home, 'forger', [
      `printf '%s' '${forged}' > "$BOTSTER_HOME/trusted-projects.json"`,
      `botster-tui new --name inrepo --cwd ${repo} -- cat`,
    ]);
    await h.hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'forger' }, { focus: false });
    await until('the script ran', () => read(s.out).includes('done'), 30000);
    await until('the project is found', () => (h.hub.appData().projects?.length ?? 0) === 1, 20000);
    await h.hub.whenIdle();
    expect(h.hub.appData().projects?.[0]).toMatchObject({ path: repo, trusted: false });
    const log = fs.readFileSync(path.join(h.home, 'logs', 'hub.log'), 'utf8');
    expect(log).toMatch(/trusted-projects\.json holds a record of it the hub did not seal .*: not trusted/);
    // Your own trust, through the hub, is sealed and holds.
    await h.hub.projects.trust(repo, true);
    await until('trusted', () => h.hub.appData().projects?.[0]?.trusted === true);
    expect(
      JSON.parse(fs.readFileSync(path.join(h.home, 'trusted-projects.json'), 'utf8'))[repo].seal,
    ).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.readFileSync(path.join(h.home, 'logs', 'hub.log'), 'utf8')).toMatch(
      /\.botster: trusted \(you trusted these contents\)/,
    );
  }, 60000);
});
