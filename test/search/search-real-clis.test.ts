import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { realHome, until } from '../support/hub.js';
import { BIN, ptyEnv, run, screen, stoppedAfterEach, waitScreen, type Running } from '../support/cli-pty.js';
import { startMockModel, type MockModel } from '../support/mock-model.js';
import { claudeEnv, claudeHome } from '../support/real-claude.js';

// Search every agent with real CLIs (issue 72 item 2): a real Claude Code and a real Codex, typed
// into shell agents of a real hub, talk to a local mock model; then the CLI is left and the
// screen and scrollback wiped (ED3), so the model's words are only in the CLI's transcript.
// `botster-tui search WORD --json` finds them there, in the agent that ran it (its transcript found
// from the session id its hooks reported). The CLIs come from npm (BOTSTER_TEST_CLIS).

const CLIS = process.env.BOTSTER_TEST_CLIS;
const has = (cli: string) => !!CLIS && fs.existsSync(path.join(CLIS, cli));

interface Hit {
  agent: { id: string; name: string };
  source: string;
  line: string;
  at: number | null;
  file?: string;
}

function searchJson(home: string, query: string): { hits: Hit[] } {
  const env = { ...process.env, CI: 'true' } as Record<string, string | undefined>;
  delete env.BOTSTER_SOCKET;
  const r = spawnSync(process.execPath, [BIN, 'search', query, '--json', '--home', home], {
    encoding: 'utf8',
    env,
    timeout: 20000,
  });
  if (r.status !== 0) throw new Error(`search failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as { hits: Hit[] };
}

/** Leaves the CLI (`keys`), then wipes the shell's screen and scrollback: the words are gone from the hub. */
async function leaveAndWipe(r: Running, keys: string[], word: string): Promise<void> {
  for (const k of keys) {
    r.pty.write(k);
    await new Promise((res) => setTimeout(res, 700));
  }
  await waitScreen(r, /│\$ +│/, 30000); // the shell's prompt again
  r.pty.write("printf '\\033[3J\\033[H\\033[2J'\r");
  await until('the word is off the screen', () => !screen(r.term).includes(word), 10000);
}

describe.skipIf(!has('claude') && !has('codex'))('search with real CLIs (BOTSTER_TEST_CLIS)', () => {
  const { running, homes } = stoppedAfterEach();
  let model: MockModel | undefined;
  afterEach(async () => {
    await model?.close();
    model = undefined;
  });

  it.skipIf(!has('claude'))(
    "claude: words only in its transcript are found in the agent's transcript",
    async () => {
      const home = realHome('dot-folder');
      homes.push(home);
      const base = path.dirname(home);
      const user = path.join(base, 'user-home');
      const work = path.join(base, 'work');
      fs.mkdirSync(work);
      claudeHome(user, [work]);
      model = await startMockModel([{ text: 'The secret word is zanzibar-quokka.' }]);
      const r = run(['--home', home], 120, 40, {
        env: claudeEnv(user, CLIS!, model.url),
        cwd: work,
      });
      running.push(r);
      await waitScreen(r, /\$ /, 20000);
      r.pty.write('claude\r');
      // Asked once the hub's MCP server is connected (the mock holds the model back until then).
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
      r.pty.write('tell me the secret word');
      await new Promise((res) => setTimeout(res, 300));
      r.pty.write('\r');
      await waitScreen(r, /zanzibar-quokka/, 90000).catch((err: Error) => {
        throw new Error(`${err.message}\n${screen(r.term)}`);
      });
      await leaveAndWipe(r, ['/exit', '\r'], 'zanzibar-quokka');
      const { hits } = await until(
        'search finds it in the transcript',
        () => {
          const s = searchJson(home, 'ZANZIBAR-quokka');
          return s.hits.length > 0 ? s : undefined;
        },
        20000,
      );
      console.log(`claude hits: ${JSON.stringify(hits, null, 1)}`);
      expect(hits.every((h) => h.source === 'transcript')).toBe(true);
      expect(hits[0].agent.id).toBe('1');
      expect(hits[0].file).toMatch(/\.claude\/projects\/.*\.jsonl$/);
      expect(hits.some((h) => h.line.includes('The secret word is zanzibar-quokka.'))).toBe(true);
      expect(hits[0].at).toBeGreaterThan(Date.now() - 600_000);
    },
    240_000,
  );

  it.skipIf(!has('codex'))(
    "codex: words only in its rollout file are found in the agent's transcript",
    async () => {
      const home = realHome('dot-folder');
      homes.push(home);
      const base = path.dirname(home);
      const user = path.join(base, 'user-home');
      const codexHome = path.join(user, '.codex');
      const work = path.join(base, 'work');
      fs.mkdirSync(codexHome, { recursive: true });
      fs.mkdirSync(work);
      model = await startMockModel([{ text: 'The secret word is kumquat-narwhal.' }]);
      fs.writeFileSync(
        path.join(codexHome, 'config.toml'),
        [
          'model = "mock-model"',
          'model_provider = "mock"',
          'check_for_update_on_startup = false',
          '',
          '[model_providers.mock]',
          'name = "Mock"',
          `base_url = "${model.url}/v1"`,
          'wire_api = "responses"',
          'env_key = "MOCK_API_KEY"',
          '',
          `[projects.${JSON.stringify(work)}]`,
          'trust_level = "trusted"',
          '',
        ].join('\n'),
      );
      const r = run(['--home', home], 120, 40, {
        env: ptyEnv({
          SHELL: '/bin/sh',
          PS1: '$ ',
          HOME: user,
          CODEX_HOME: codexHome,
          BOTSTER_HOME: undefined,
          BOTSTER_SOCKET: undefined,
          PATH: `${CLIS}:${process.env.PATH}`,
          MOCK_API_KEY: 'sk-botster-test',
          OPENAI_API_KEY: undefined,
          HTTPS_PROXY: 'http://127.0.0.1:9',
          NO_PROXY: '127.0.0.1',
        }),
        cwd: work,
      });
      running.push(r);
      await waitScreen(r, /\$ /, 20000);
      r.pty.write('codex\r');
      await waitScreen(r, /for shortcuts/, 60000).catch((err: Error) => {
        throw new Error(`${err.message}\n${screen(r.term)}`);
      });
      r.pty.write('tell me the secret word');
      await until(
        'codex sent the prompt to the model',
        async () => {
          await new Promise((res) => setTimeout(res, 500));
          if (model!.requests.length === 0) r.pty.write('\r');
          await new Promise((res) => setTimeout(res, 2000));
          return model!.requests.length > 0;
        },
        30000,
      );
      await waitScreen(r, /kumquat-narwhal/, 90000).catch((err: Error) => {
        throw new Error(`${err.message}\n${screen(r.term)}`);
      });
      // Its notify (turn complete) reports the thread id: the session the search looks up.
      await new Promise((res) => setTimeout(res, 1500));
      await leaveAndWipe(r, ['\x03', '\x03'], 'kumquat-narwhal');
      const { hits } = await until(
        'search finds it in the rollout',
        () => {
          const s = searchJson(home, 'kumquat-NARWHAL');
          return s.hits.length > 0 ? s : undefined;
        },
        20000,
      );
      console.log(`codex hits: ${JSON.stringify(hits, null, 1)}`);
      expect(hits.every((h) => h.source === 'transcript')).toBe(true);
      expect(hits[0].agent.id).toBe('1');
      expect(hits[0].file).toMatch(/\.codex\/sessions\/.*rollout-.*\.jsonl$/);
      expect(hits.some((h) => h.line.includes('kumquat-narwhal'))).toBe(true);
      // Its turn's end also read what Codex wrote of its usage: the account's limits as the API
      // handed them (the mock's x-codex-* headers), the session's tokens.
      const env = { ...process.env, CI: 'true' } as Record<string, string | undefined>;
      delete env.BOTSTER_SOCKET;
      const rows = JSON.parse(
        spawnSync(process.execPath, [BIN, 'agents', '--json', '--home', home], { encoding: 'utf8', env })
          .stdout,
      ) as Array<{ id: string; usage?: Record<string, unknown> }>;
      console.log(`codex usage: ${JSON.stringify(rows[0].usage)}`);
      expect(rows[0].usage).toMatchObject({
        source: 'session',
        limits: { five_hour: { used_pct: 42, resets_at: 1900000000 }, seven_day: { used_pct: 7 } },
      });
      expect(rows[0].usage?.tokens).toBeGreaterThan(0);
    },
    240_000,
  );
});
