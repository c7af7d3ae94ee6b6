import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from '../support/cli-pty.js';
import { exec, fleetHubs } from '../support/fleet.js';
import { readAgent } from '../../src/agents/agent-screen.js';

// A pipeline step's prompt goes by the rule every prompt the hub types goes by (issue 80:
// prompts.reads): a step whose agent is a shell is not typed into (the shell would run the
// prompt's lines), and the step fails saying why. The real CLI against a real hub with its socket.

const hubs = fleetHubs();

const PIPELINE = `pipelines.define{ id = "sh", strategy = { kind = "single", step = {
  id = "one", command = "bash --norc --noprofile", prompt = "1. echo PWNED-$((6*7))", check = "true", timeout = 60,
} } }`;

describe("a pipeline step's prompt and a shell", () => {
  it('is not typed into a shell: the step fails naming why', async () => {
    const h = await hubs([{ command: 'cat', name: 'mine' }]);
    const dir = path.join(h.home, 'repo');
    fs.mkdirSync(dir);
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
    fs.writeFileSync(path.join(dir, 'sh.lua'), PIPELINE);
    const r = await exec(process.execPath, [BIN, 'pipeline', 'run', 'sh.lua'], h.env, { cwd: dir });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(
      /its prompt was not typed: .*runs a shell \(bash\), not an agent CLI/,
    );
    const step = h.hub.agents.list().find((a) => a.info.name.startsWith('sh-one'));
    const text = step ? readAgent(step).join('\n') : '';
    expect(text).not.toMatch(/PWNED-42|command not found/);
  }, 90000);
});
