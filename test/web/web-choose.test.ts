import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { tempRepo } from '../support/hub.js';
import { until } from '../support/wait.js';
import { get, post, webOn } from '../support/web/web-hub.js';

// The choose page: a "choose" pipeline's candidates side by side, and "keep this one" posted from it
// merging that candidate's work as the hub's own choice does (pipelines.choose). Its agents are the
// scripted CLI of the pipeline tests, in real PTYs, reporting their turns on the hub's socket.

const fleet = fleetHubs();
const web = webOn();
const FAKE = `node ${JSON.stringify(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../pipelines/fake-cli.mjs'))}`;

describe('web: choose', () => {
  it('"keep this one" keeps that candidate: its work is merged, the others discarded; the CSRF token is needed', async () => {
    const { repo } = tempRepo();
    onTestFinished(() => fs.rmSync(repo, { recursive: true, force: true }));
    const { hub } = await fleet();
    const file = path.join(repo, '..', `${path.basename(repo)}.pipeline.lua`);
    onTestFinished(() => fs.rmSync(file, { force: true }));
    const source =
      `pipelines.define{ id = "pick", strategy = { kind = "parallel", merge = { kind = "choose", finish = true }, branches = {
      { id = "one", command = "FAKE", prompt = "write idea.txt first idea; answer one is done" },
      { id = "two", command = "FAKE", prompt = "write idea.txt second idea; answer two is done" },
    } } }`.replace(/FAKE/g, JSON.stringify(FAKE).slice(1, -1));
    fs.writeFileSync(file, source);
    const { run, done } = await hub.pipelines.start({ file: { path: file, source }, cwd: repo });
    await until('the run waits for a choice', () => run.status === 'choosing', 30000);

    const w = await web(hub);
    const { cookie, csrf } = await w.login();
    const page = await get(`${w.base}/pipelines`, { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/pick: keep one/);
    // each candidate with its own changes
    expect(page.body).toMatch(
      /<h3>one · [^<]*<\/h3>[\s\S]*\+first idea[\s\S]*<h3>two · [^<]*<\/h3>[\s\S]*\+second idea/,
    );
    expect(page.body).toContain(`action="/pipelines/${run.id}/choose"`);

    // A form without the page's token keeps nothing.
    const forged = await post(w.base, `/pipelines/${run.id}/choose`, { step: 'one' }, { cookie });
    expect(forged.status).toBe(403);
    expect(run.status).toBe('choosing');

    const kept = await post(
      w.base,
      `/pipelines/${run.id}/choose`,
      { step: 'two' },
      { cookie, 'x-csrf-token': csrf },
    );
    expect(kept.status).toBe(303);
    expect(kept.headers.location).toBe('/pipelines');
    expect(await done).toMatchObject({ status: 'done', result: { chosen: 'two', merged: true } });
    expect(fs.readFileSync(path.join(repo, 'idea.txt'), 'utf8')).toBe('second idea\n');
    const branches = () => execFileSync('git', ['-C', repo, 'branch'], { encoding: 'utf8' });
    await until("the others' branches are gone", () => !branches().includes('pipeline/'), 10000);
    // Nothing waits now: a second keep (a stale page) says so and does nothing.
    const again = await post(
      w.base,
      `/pipelines/${run.id}/choose`,
      { step: 'one' },
      { cookie, 'x-csrf-token': csrf },
    );
    expect(again.headers.location).toMatch(/does\+not\+wait\+for\+a\+choice/);
    expect((await get(`${w.base}/pipelines`, { cookie })).body).toContain('No pipeline waits for a choice.');
  }, 60000);
});
