import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { realHome, until } from '../support/hub.js';
import { ptyEnv, run, screen, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { startMockModel, type MockModel } from '../support/mock-model.js';
import { claudeEnv, claudeHome, claudeMcpConnected } from '../support/real-claude.js';

// The loop with real agent CLIs (issue 69 item 4): a real Claude Code (and Codex, and Gemini CLI) typed into a shell agent of
// a real hub gets the hub's MCP server from its shim (nothing of the user's edited), talks to a
// local mock model (HTTPS_PROXY points nowhere) that answers with tool calls, lists the hub's
// tools, runs a read-only one without asking and asks the user before one that changes things.
// The CLIs come from npm, which CI cannot reach: BOTSTER_TEST_CLIS names their bin folder
// (npm i @anthropic-ai/claude-code @openai/codex @google/gemini-cli in a scratch folder; see docs/mcp.md); each CLI's
// test runs when its bin is there.

const CLIS = process.env.BOTSTER_TEST_CLIS;
const has = (cli: string) => !!CLIS && fs.existsSync(path.join(CLIS, cli));

/** A file's text, '' for a folder or none. */
const read = (f: string) => (fs.existsSync(f) && fs.statSync(f).isFile() ? fs.readFileSync(f, 'utf8') : '');

const anyCli = has('claude') || has('codex') || has('gemini');

describe.skipIf(!anyCli)('real CLIs in the hub (BOTSTER_TEST_CLIS)', () => {
  /** Folders of a test's own (below $HOME), removed once its hub is stopped (hooks run last first). */
  const cleanup: string[] = [];
  afterEach(() => {
    for (const d of cleanup.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const { running, homes } = stoppedAfterEach();
  let model: MockModel | undefined;
  afterEach(async () => {
    await model?.close();
    model = undefined;
  });

  it.skipIf(!has('claude'))(
    'claude: lists the botster tools, runs agents unasked, asks before push, and the call goes through',
    async () => {
      const home = realHome('dot-folder');
      homes.push(home);
      const base = path.dirname(home);
      const user = path.join(base, 'user-home');
      const work = path.join(base, 'work');
      fs.mkdirSync(work);
      // A first run's questions answered as a user would have; it asks before a tool as a user's default does.
      claudeHome(user, [work]);
      model = await startMockModel([
        { tool: 'agent_list', input: {} },
        {
          tool: 'push',
          input: {
            name: 'greet',
            source:
              'keys.bind("normal", "z", function(app) app:notify("hello from z") end, { desc = "Greet" })',
          },
        },
        { tool: 'snapshot', input: { keys: 'ctrl+g z' } },
        { text: 'Pushed: z greets.' },
      ]);
      const env = claudeEnv(user, CLIS!, model.url);
      const r = run(['--home', home], 120, 40, { env, cwd: work });
      running.push(r);
      await waitScreen(r, /\$ /, 20000);
      // Started first, asked once its servers are connected (claudeMcpConnected says why).
      r.pty.write('claude\r');
      await claudeMcpConnected(user);
      await waitScreen(r, /❯/, 30000);
      r.pty.write('add a key z that greets');
      await new Promise((res) => setTimeout(res, 300));
      r.pty.write('\r');
      const asked = await waitScreen(
        r,
        /Do you want to proceed|mcp__botster__push|botster - push/,
        90000,
      ).catch((err: Error) => {
        // What Claude's own MCP log says of the server (its cache folder in the throwaway HOME).
        const logs = fs.existsSync(path.join(user, '.cache'))
          ? (fs.readdirSync(path.join(user, '.cache'), { recursive: true }) as string[])
              .map((f) => path.join(user, '.cache', f))
              .filter((f) => /mcp/i.test(f) && fs.statSync(f).isFile())
              .map((f) => `${f}:\n${fs.readFileSync(f, 'utf8').slice(-3000)}`)
          : [];
        throw new Error(`${err.message}\n${logs.join('\n')}`);
      });
      // What Claude asks (captured for docs/mcp.md and the report).
      console.log(`claude asked:\n${asked}`);
      expect(model.tools()).toEqual(
        expect.arrayContaining(['mcp__botster__agent_list', 'mcp__botster__push', 'mcp__botster__snapshot']),
      );
      // The hub's own answer reached the model: its agents, the shell Claude was typed into among them.
      expect(model.results().some((t) => t.includes('"agents"'))).toBe(true);
      // Yes (preselected), pressed again while the dialog is there: a key that comes as it draws
      // can be taken before the dialog listens.
      let pressed = 0;
      // The policy's decision came back to the model: a new binding only is live at once.
      const decided = await until(
        'the decision reached the model',
        () => {
          const d = model!.results().find((t) => t.includes('"decision"'));
          if (!d && pressed++ % 100 === 0 && /Do you want to proceed/.test(screen(r.term))) r.pty.write('\r');
          return d;
        },
        60000,
      );
      expect(JSON.parse(decided)).toMatchObject({ decision: 'autonomous', live: true });
      // Then it looks: the new key pressed in the live hub through snapshot, which presses keys, so
      // Claude asks again.
      const looked = await waitScreen(r, /botster — Snapshot[\s\S]*Do you want to proceed/, 60000);
      console.log(`claude asked again:\n${looked}`);
      r.pty.write('\r');
      await waitScreen(r, /Pushed: z greets/, 60000);
      console.log(`what the tools answered the model:\n${model.results().join('\n---\n')}`);
      // The frame the snapshot answered shows what the new key did: no shell command was run.
      expect(model.results().some((t) => t.includes('hello from z'))).toBe(true);
      console.log(`claude done:\n${screen(r.term)}`);
    },
    240_000,
  );

  it.skipIf(!has('codex'))(
    'codex: lists the botster tools, runs agents unasked, asks before push, and the call goes through',
    async () => {
      const home = realHome('dot-folder');
      homes.push(home);
      const base = path.dirname(home);
      const user = path.join(base, 'user-home');
      const codexHome = path.join(user, '.codex');
      const work = path.join(base, 'work');
      fs.mkdirSync(codexHome, { recursive: true });
      fs.mkdirSync(work);
      model = await startMockModel([
        { tool: 'agent_list', input: {} },
        {
          tool: 'push',
          input: {
            name: 'greet',
            source:
              'keys.bind("normal", "z", function(app) app:notify("hello from z") end, { desc = "Greet" })',
          },
        },
        { tool: 'snapshot', input: { keys: 'ctrl+g z' } },
        { text: 'Pushed: z greets.' },
      ]);
      // Its model provider is the mock (the Responses API), the folder trusted, nothing checked online.
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
      const env = ptyEnv({
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
      });
      const r = run(['--home', home], 120, 40, { env, cwd: work });
      running.push(r);
      await waitScreen(r, /\$ /, 20000);
      // Started first, as Claude is, and asked once it is ready (its footer's shortcuts hint).
      r.pty.write('codex\r');
      const ready = await waitScreen(r, /for shortcuts/, 60000).catch((err: Error) => {
        throw new Error(`${err.message}\n${screen(r.term)}`);
      });
      console.log(`codex started:\n${ready}`);
      r.pty.write('add a key z that greets');
      // Enter apart from the text (Codex reads a fast burst as a paste), again while nothing was sent.
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
      const asked = await waitScreen(r, /run tool "push"[\s\S]*enter to submit/, 90000).catch(
        (err: Error) => {
          throw new Error(
            `${err.message}\n${screen(r.term)}\ntools: ${model!.tools().join(', ')}\nresults: ${model!.results().join('\n---\n')}`,
          );
        },
      );
      // What Codex asks (captured for docs/mcp.md and the report).
      console.log(`codex asked:\n${asked}`);
      // Its tools come as a namespace (mcp__botster: agents, push, ...), which the mock names as Claude's.
      expect(model.tools()).toEqual(
        expect.arrayContaining(['mcp__botster__agent_list', 'mcp__botster__push', 'mcp__botster__snapshot']),
      );
      // While Codex asks, the hub lists the agent as waiting with Codex's question.
      await waitScreen(r, /codex waiting[\s\S]*Allow the botster MCP/, 15000);
      // agents ran without asking (pre-approved in the launch's table) and the hub answered.
      expect(model.results().some((t) => t.includes('"agents"'))).toBe(true);
      r.pty.write('\r'); // 1. Allow (preselected)
      const decided = await until(
        'the decision reached the model',
        () => model!.results().find((t) => t.includes('"decision"')),
        60000,
      );
      // (Codex's output for an MCP call: "Wall time: 0.0 seconds\nOutput:\n" and the tool's text)
      console.log(`codex sent the push's result as:\n${decided}`);
      expect(JSON.parse(decided.slice(decided.indexOf('{')))).toMatchObject({
        decision: 'autonomous',
        live: true,
      });
      const looked = await waitScreen(r, /run tool "snapshot"[\s\S]*enter to submit/, 60000);
      console.log(`codex asked again:\n${looked}`);
      r.pty.write('\r');
      await waitScreen(r, /Pushed: z greets/, 60000);
      console.log(`what the tools answered the model:\n${model.results().join('\n---\n')}`);
      expect(model.results().some((t) => t.includes('hello from z'))).toBe(true);
      console.log(`codex done:\n${screen(r.term)}`);
    },
    240_000,
  );

  it.skipIf(!has('gemini'))(
    'gemini: lists the botster tools, runs agents unasked, asks before push, and the call goes through',
    async () => {
      // Gemini reads no settings file below a folder others may write (/tmp): all of it under $HOME.
      const base = fs.mkdtempSync(path.join(os.homedir(), '.botster-test-gemini-'));
      fs.chmodSync(base, 0o755);
      const home = path.join(base, '.botster');
      fs.mkdirSync(home);
      homes.push(home);
      cleanup.push(base);
      const user = path.join(base, 'user-home');
      const work = path.join(base, 'work');
      fs.mkdirSync(path.join(user, '.gemini'), { recursive: true });
      fs.mkdirSync(work);
      model = await startMockModel([
        { tool: 'agent_list', input: {} },
        {
          tool: 'push',
          input: {
            name: 'greet',
            source:
              'keys.bind("normal", "z", function(app) app:notify("hello from z") end, { desc = "Greet" })',
          },
        },
        { tool: 'snapshot', input: { keys: 'ctrl+g z' } },
        { text: 'Pushed: z greets.' },
      ]);
      // An API key signed in already, nothing checked online, the folder trusted (a first run's answers).
      fs.writeFileSync(
        path.join(user, '.gemini', 'settings.json'),
        JSON.stringify({
          security: { auth: { selectedType: 'gemini-api-key' } },
          general: { disableAutoUpdate: true },
          privacy: { usageStatisticsEnabled: false },
        }),
      );
      fs.writeFileSync(
        path.join(user, '.gemini', 'trustedFolders.json'),
        JSON.stringify({ [work]: 'TRUST_FOLDER' }),
      );
      const env = ptyEnv({
        SHELL: '/bin/sh',
        PS1: '$ ',
        HOME: user,
        BOTSTER_HOME: undefined,
        BOTSTER_SOCKET: undefined,
        PATH: `${CLIS}:${process.env.PATH}`,
        GEMINI_API_KEY: 'mock-key',
        GOOGLE_GEMINI_BASE_URL: model.url,
        HTTPS_PROXY: 'http://127.0.0.1:9',
        NO_PROXY: '127.0.0.1',
      });
      const r = run(['--home', home], 120, 40, { env, cwd: work });
      running.push(r);
      await waitScreen(r, /\$ /, 20000);
      r.pty.write('gemini\r');
      // Its MCP servers are connected before it takes a prompt the tools should be in.
      const ready = await waitScreen(
        r,
        /Type your message[\s\S]*botster|botster[\s\S]*Type your message/i,
        90000,
      )
        .catch(() => waitScreen(r, /Type your message/, 5000))
        .catch((err: Error) => {
          throw new Error(`${err.message}\n${screen(r.term)}`);
        });
      console.log(`gemini started:\n${ready}`);
      r.pty.write('add a key z that greets');
      await until(
        'gemini sent the prompt to the model',
        async () => {
          await new Promise((res) => setTimeout(res, 500));
          if (!model!.requests.some((q) => /GenerateContent/i.test(q.path))) r.pty.write('\r');
          await new Promise((res) => setTimeout(res, 2000));
          return model!.tools().length > 0;
        },
        60000,
      );
      const asked = await waitScreen(r, /Allow execution[\s\S]*push|push[\s\S]*Allow execution/, 90000).catch(
        (err: Error) => {
          throw new Error(
            `${err.message}\n${screen(r.term)}\ntools: ${model!.tools().join(', ')}\nresults: ${model!.results().join('\n---\n')}`,
          );
        },
      );
      // What Gemini asks (captured for docs/mcp.md and the report).
      console.log(`gemini asked:\n${asked}`);
      expect(model.tools()).toEqual(
        expect.arrayContaining(['mcp_botster_agent_list', 'mcp_botster_push', 'mcp_botster_snapshot']),
      );
      // agents ran without asking (tools.allowed in the launch's defaults) and the hub answered.
      expect(model.results().some((t) => t.includes('"agents"'))).toBe(true);
      // While Gemini asks, the hub lists the agent as waiting.
      await waitScreen(r, /gemini waiting/, 15000);
      r.pty.write('\r'); // Allow once (preselected)
      const decided = await until(
        'the decision reached the model',
        () => model!.results().find((t) => t.includes('"decision"')),
        60000,
      );
      // (Gemini hands an MCP tool's text to the model inside <untrusted_context> ... </untrusted_context>)
      console.log(`gemini sent the push's result as:\n${decided}`);
      expect(JSON.parse(decided.slice(decided.indexOf('{'), decided.lastIndexOf('}') + 1))).toMatchObject({
        decision: 'autonomous',
        live: true,
      });
      const looked = await waitScreen(
        r,
        /Allow execution[\s\S]*snapshot|snapshot[\s\S]*Allow execution/,
        60000,
      );
      console.log(`gemini asked again:\n${looked}`);
      r.pty.write('\r');
      await waitScreen(r, /Pushed: z greets/, 60000);
      console.log(`what the tools answered the model:\n${model.results().join('\n---\n')}`);
      expect(model.results().some((t) => t.includes('hello from z'))).toBe(true);
      console.log(`gemini done:\n${screen(r.term)}`);
    },
    240_000,
  );
});
