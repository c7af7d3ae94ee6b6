import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { ptyEnv } from './cli-pty.js';
import { realHome, until } from './hub.js';
import { startMockModel, type MockModel, type Step } from './mock-model.js';
import { hubCli as testCli } from './cli.js';

// A real Claude Code in the tests that run one (BOTSTER_TEST_CLIS): a throwaway home whose
// first-run questions are answered as a user would have (onboarding, the API key, trusting the
// folders it runs in), and the environment that points it at a local mock model with the network
// pointing nowhere.

/** The API key Claude is given (approved in its home: it does not ask about it). */
export const CLAUDE_TEST_KEY = 'sk-ant-api03-botster-test-key-0000000000';

/**
 * Writes `user`'s .claude.json (onboarding done, the key approved, each of `trusted` trusted) and,
 * unless `settings` is false, .claude/settings.json: its permission mode the user's default (2.1
 * starts in auto mode, whose check runs on Anthropic's servers, which a mock model is not) with
 * `settings` added.
 */
export function claudeHome(
  user: string,
  trusted: readonly string[],
  settings: Record<string, unknown> | false = {},
): void {
  fs.mkdirSync(path.join(user, '.claude'), { recursive: true });
  const projects = Object.fromEntries(
    trusted.map((dir) => [dir, { hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true }]),
  );
  fs.writeFileSync(
    path.join(user, '.claude.json'),
    JSON.stringify({
      hasCompletedOnboarding: true,
      theme: 'dark',
      customApiKeyResponses: { approved: [CLAUDE_TEST_KEY.slice(-20)], rejected: [] },
      projects,
    }),
  );
  if (settings !== false)
    fs.writeFileSync(
      path.join(user, '.claude', 'settings.json'),
      JSON.stringify({ permissions: { defaultMode: 'default' }, ...settings }),
    );
}

/**
 * An account's config folder (CLAUDE_CONFIG_DIR = `dir`): its .claude.json inside it (onboarding
 * done, each of `trusted` trusted) and its settings.json, as claudeHome writes the default ones.
 */
export function claudeConfigDir(dir: string, trusted: readonly string[]): void {
  fs.mkdirSync(dir, { recursive: true });
  const projects = Object.fromEntries(
    trusted.map((d) => [d, { hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true }]),
  );
  fs.writeFileSync(
    path.join(dir, '.claude.json'),
    JSON.stringify({
      hasCompletedOnboarding: true,
      theme: 'dark',
      customApiKeyResponses: { approved: [CLAUDE_TEST_KEY.slice(-20)], rejected: [] },
      projects,
    }),
  );
  fs.writeFileSync(
    path.join(dir, 'settings.json'),
    JSON.stringify({ permissions: { defaultMode: 'default' } }),
  );
}

/**
 * A bearer token Claude Code takes for a gateway's (an unsigned JWT whose audience is
 * "claude-gateway"): with it, as with a subscription, it reads the account's rate-limit headers
 * and its status line reports them (with an API key it reports none).
 */
export const GATEWAY_TOKEN = [
  { alg: 'none', typ: 'JWT' },
  { aud: 'claude-gateway', sub: 'botster-test', exp: 4102444800 },
]
  .map((p) => Buffer.from(JSON.stringify(p)).toString('base64url'))
  .concat('sig')
  .join('.');

/**
 * The environment of a hub whose shell agents run the real `claude` of `clis` (a bin folder) as
 * `user`, against the model at `modelUrl`; `extra` added (undefined: removed).
 */
export function claudeEnv(
  user: string,
  clis: string,
  modelUrl: string,
  extra: Record<string, string | undefined> = {},
): Record<string, string> {
  return ptyEnv({
    SHELL: '/bin/sh',
    PS1: '$ ',
    HOME: user,
    BOTSTER_HOME: undefined,
    BOTSTER_SOCKET: undefined,
    PATH: `${clis}:${process.env.PATH}`,
    ANTHROPIC_BASE_URL: modelUrl,
    ANTHROPIC_API_KEY: CLAUDE_TEST_KEY,
    HTTPS_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '127.0.0.1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    ...extra,
  });
}

/** `botster-tui ARGS --home HOME` run as a script would (no hub of ours inherited). */
export function hubCli(
  home: string,
  ...args: string[]
): { stdout: string; stderr: string; status: number | null } {
  return testCli(home, args, { timeout: 20000 });
}

/** What agent `id` of the hub at `home` shows. */
export const agentScreen = (home: string, id: string): string => hubCli(home, 'read', id).stdout;

/**
 * A hub home in a folder with spaces (stopped by the caller's `homes`), beside it a throwaway user
 * whose Claude trusts the `work` folder.
 */
export function claudeUser(): { home: string; user: string; work: string } {
  const home = realHome('spaces');
  const base = path.dirname(home);
  const user = path.join(base, 'user-home');
  const work = path.join(base, 'work');
  fs.mkdirSync(work, { recursive: true });
  claudeHome(user, [work]);
  return { home, user, work };
}

/** Waits until agent `id`'s Claude Code is up; a first run that offers auto mode keeps asking, as the user's settings say. */
export async function claudeUp(home: string, id: string): Promise<void> {
  await until('claude is up', () => /❯|auto mode/.test(agentScreen(home, id)), 60000);
  if (!/auto mode/.test(agentScreen(home, id))) return;
  hubCli(home, 'send', id, '--keys', 'down');
  await new Promise((res) => setTimeout(res, 300));
  hubCli(home, 'send', id, '--keys', 'enter');
}

/**
 * Waits until the Claude Code of throwaway `user` says, in its own MCP log, that the hub's server
 * connected; then a moment for its tool list (a prompt sent before has none of the hub's tools).
 * Interactive Claude sends a prompt given on its command line at once, before its MCP servers are
 * up, so tests start it first and ask once this answers.
 */
export async function claudeMcpConnected(user: string): Promise<void> {
  const cache = path.join(user, '.cache');
  const text = (f: string) => (fs.existsSync(f) && fs.statSync(f).isFile() ? fs.readFileSync(f, 'utf8') : '');
  await until(
    "claude's MCP log says the hub's server connected",
    () =>
      fs.existsSync(cache) &&
      (fs.readdirSync(cache, { recursive: true }) as string[]).some(
        (f) => f.includes('mcp-logs-botster') && /Connection established/.test(text(path.join(cache, f))),
      ),
    60000,
  );
  await new Promise((res) => setTimeout(res, 1500));
}

/** An agent as `agents --json` lists it (what these tests read of it). */
export interface AgentRow {
  id: string;
  state: string;
  cwd: string;
  box?: { name: string; runner?: string };
}

/** The agents of the hub at `home`, as `botster-tui agents --json` lists them. */
export function hubAgents(home: string): AgentRow[] {
  const out = JSON.parse(hubCli(home, 'agents', '--json').stdout || '[]') as
    AgentRow[] | { agents: AgentRow[] };
  return Array.isArray(out) ? out : out.agents;
}

/** A mock model per test (call inside a describe): `start(script, listen)`; closed after each test. */
export function useMockModel(): { start: (script: readonly Step[], listen?: string) => Promise<MockModel> } {
  let model: MockModel | undefined;
  afterEach(async () => {
    await model?.close();
    model = undefined;
  });
  return {
    start: async (script, listen) => {
      model = await startMockModel(script, listen);
      return model;
    },
  };
}

/** The text of the user's turns a request to the model carries. */
export function userTexts(body: Record<string, unknown>): string {
  const out: string[] = [];
  for (const m of (body.messages as Array<Record<string, unknown>> | undefined) ?? []) {
    if (m.role !== 'user') continue;
    const c = m.content;
    if (typeof c === 'string') out.push(c);
    else if (Array.isArray(c))
      for (const x of c as Array<Record<string, unknown>>) if (typeof x.text === 'string') out.push(x.text);
  }
  return out.join('\n');
}

/**
 * Types `text` into agent `id` and sends it (its Enter a moment later, as a person's), then waits
 * for the model's request that carries it: the user's turns that request holds.
 */
export async function askAndWait(home: string, model: MockModel, id: string, text: string): Promise<string> {
  const since = model.requests.length;
  hubCli(home, 'send', id, text);
  await new Promise((res) => setTimeout(res, 300));
  hubCli(home, 'send', id, '', '--keys', 'enter');
  return until(
    'the question reached the model',
    () =>
      model.requests
        .slice(since)
        .filter((q) => q.path.endsWith('/messages'))
        .map((q) => userTexts(q.body))
        .find((t) => t.includes(text)),
    120000,
  );
}
