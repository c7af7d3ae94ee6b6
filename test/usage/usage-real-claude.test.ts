import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { realHome, until } from '../support/hub.js';
import { BIN, run, screen, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { startMockModel, type MockModel } from '../support/mock-model.js';
import { claudeEnv, claudeHome } from '../support/real-claude.js';

// Usage per agent with a real Claude Code (issue 72 item 3): typed into a shell agent of a real
// hub, it gets the hub's status line with its hooks (--settings, per launch); the user's own
// status line is broken (it prints, then fails). The session's usage (cost, tokens, context) still
// reaches the hub (agents --json: usage), the user's line still shows its text, and Claude answers
// as ever. The CLI comes from npm (BOTSTER_TEST_CLIS names its bin folder; see docs/mcp.md).

const CLIS = process.env.BOTSTER_TEST_CLIS;
const has = (cli: string) => !!CLIS && fs.existsSync(path.join(CLIS, cli));

interface Row {
  id: string;
  usage?: { cost?: number; tokens?: number; context_pct?: number; model?: string; source: string };
}

/** `botster-tui agents --json --home HOME`, as your shell runs it. */
function agentsJson(home: string): Row[] {
  const env = { ...process.env, CI: 'true' } as Record<string, string | undefined>;
  delete env.BOTSTER_SOCKET;
  const r = spawnSync(process.execPath, [BIN, 'agents', '--json', '--home', home], {
    encoding: 'utf8',
    env,
    timeout: 20000,
  });
  const parsed = JSON.parse(r.stdout || '{}') as { agents?: Row[] } | Row[];
  return Array.isArray(parsed) ? parsed : (parsed.agents ?? []);
}

describe.skipIf(!has('claude'))('usage from a real Claude Code (BOTSTER_TEST_CLIS)', () => {
  const { running, homes } = stoppedAfterEach();
  let model: MockModel | undefined;
  afterEach(async () => {
    await model?.close();
    model = undefined;
  });

  it("its status line reports cost and context to the hub; a broken status line of the user's loses nothing", async () => {
    const home = realHome('dot-folder');
    homes.push(home);
    const base = path.dirname(home);
    const user = path.join(base, 'user-home');
    const work = path.join(base, 'work');
    fs.mkdirSync(work);
    // The user's status line: keeps what Claude handed it (the fixture of test/usage/statusline.test.ts
    // came from here), prints a line, then fails.
    const captured = path.join(base, 'statusline-input.json');
    claudeHome(user, [work], {
      statusLine: { type: 'command', command: `cat > ${captured}; echo user-line-here; exit 3` },
    });
    model = await startMockModel([{ text: 'The answer is forty-two.' }]);
    const env = claudeEnv(user, CLIS!, model.url);
    const r = run(['--home', home], 120, 40, { env, cwd: work });
    running.push(r);
    await waitScreen(r, /\$ /, 20000);
    r.pty.write('claude\r');
    // Asked once its servers are connected (the mock holds the model back until the hub's MCP
    // server is among its tools, as test/mcp/real-clis.test.ts does).
    const cache = path.join(user, '.cache');
    const read = (f: string) => (fs.statSync(f).isFile() ? fs.readFileSync(f, 'utf8') : '');
    await until(
      "claude's MCP log says the hub's server connected",
      () =>
        fs.existsSync(cache) &&
        (fs.readdirSync(cache, { recursive: true }) as string[]).some(
          (f) => f.includes('mcp-logs-botster') && /Successfully connected/.test(read(path.join(cache, f))),
        ),
      60000,
    );
    await waitScreen(r, /❯/, 30000);
    r.pty.write('what is six times seven');
    await new Promise((res) => setTimeout(res, 300));
    r.pty.write('\r');
    await waitScreen(r, /forty-two/, 90000).catch((err: Error) => {
      throw new Error(`${err.message}\n${screen(r.term)}`);
    });
    // The user's line still shows (its text, though it failed).
    await waitScreen(r, /user-line-here/, 30000).catch((err: Error) => {
      throw new Error(
        `${err.message}\ncaptured: ${fs.existsSync(captured)}\nagents: ${JSON.stringify(agentsJson(home))}\n${fs.readFileSync(path.join(home, 'hooks', 'claude-settings.json'), 'utf8')}`,
      );
    });
    const row = await until(
      'the usage reached the hub',
      () => agentsJson(home).find((a) => a.usage?.source === 'statusline' && (a.usage.tokens ?? 0) > 0),
      30000,
    );
    console.log(`agents --json usage: ${JSON.stringify(row.usage)}`);
    console.log(`claude handed its status line:\n${fs.readFileSync(captured, 'utf8')}`);
    expect(row.usage!.cost).toBeGreaterThanOrEqual(0);
    expect(row.usage!.context_pct).toBeGreaterThanOrEqual(0);
    expect(row.usage!.model).toBeTruthy();
    // The agent list shows it (the usage piece at the end of the row).
    await waitScreen(r, /ctx \d+% \$\d+\.\d\d/, 15000);
  }, 240_000);
});
