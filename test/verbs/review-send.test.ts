import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { changedRepo } from '../support/hub.js';
import { until } from '../support/wait.js';
import type { AgentSpec } from '../../src/agents/types.js';

// The review.send verb through the real CLI (`review send`): the comments not sent yet go to the
// agent (a recording CLI in a real git repository) as one bracketed paste and Enter, and are sent
// then; with none left it is refused; an agent's own process may not type them into a sibling.

const fleet = fleetHubs();
const RECORD_CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '../review/record-cli.mjs');
// The recording CLI stands for an agent CLI: this home says it reads the prompts the hub types.
const PROMPTS =
  'local reads = prompts.reads\nfunction prompts.reads(ev) if (ev.agent.program or ""):match("^record") then return true end return reads(ev) end\n';

describe('botster-tui review send AGENT', { timeout: 60_000 }, () => {
  it('types the unsent comments as one paste; none left is refused; a sibling agent may not send them', async () => {
    const { repo } = changedRepo('const a = 1;\nconst b = 2;\n', 'const a = 5;\nconst b = 3;\n');
    const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'botster-record-')), 'got.jsonl');
    const agents: AgentSpec[] = [
      { command: process.execPath, args: [RECORD_CLI, log], name: 'worker', cwd: repo },
    ];
    const { hub, cli, home } = await fleet(
      agents,
      { 'user/prompts.lua': PROMPTS },
      { collaborativeWaitMs: 300 },
    );
    await until('it asked for pastes', () => hub.agents.get('1')?.terminal.keyModes.bracketedPaste);
    expect((await cli(['review', 'comment', 'worker', 'app.js:2', 'why 3'])).status).toBe(0);

    const r = await cli(['review', 'send', 'worker', '--busy', 'now', '--json']);
    expect(r.stderr).toBe('');
    const sent = JSON.parse(r.stdout) as {
      ok: boolean;
      sent: number;
      text: string;
      waited: boolean;
      comments: Array<{ id: string; state: string }>;
    };
    expect(sent).toMatchObject({ ok: true, sent: 1, waited: false });
    expect(sent.comments.map((c) => [c.id, c.state])).toEqual([['c1', 'sent']]);
    expect(sent.text).toContain('why 3');
    const got = () =>
      read(log)
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as string)
        .join('');
    await until('Enter came after the paste', () => /\x1b\[201~\r$/.test(got()));
    const paste = /\x1b\[200~([\s\S]*)\x1b\[201~\r$/.exec(got())![1];
    expect(paste.replace(/\r/g, '\n')).toBe(sent.text.replace(/\r/g, '\n'));
    const listed = JSON.parse((await cli(['review', 'comments', 'worker', '--json'])).stdout) as {
      comments: Array<{ state: string }>;
    };
    expect(listed.comments.map((c) => c.state)).toEqual(['sent']);

    const again = await cli(['review', 'send', 'worker', '--busy', 'now', '--json']);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/no review comment on worker waits to be sent/);

    // Another agent's process: refused, the new comment stays unsent.
    expect((await cli(['review', 'comment', 'worker', 'app.js:1', 'why 5'])).status).toBe(0);
    const s = script(home, 'pusher', ['botster-tui review send worker --busy now']);
    await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'pusher' }, { focus: false });
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    expect(said.match(/rc=\d+/g)).toEqual(['rc=1']);
    expect(said).toMatch(/may not type into agent worker \(id:1\): it did not start it/);
    const after = JSON.parse((await cli(['review', 'comments', 'worker', '--json'])).stdout) as {
      comments: Array<{ id: string; state: string }>;
    };
    expect(after.comments.map((c) => [c.id, c.state])).toEqual([
      ['c1', 'sent'],
      ['c2', 'new'],
    ]);
  });
});
