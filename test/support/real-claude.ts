import fs from 'node:fs';
import path from 'node:path';
import { ptyEnv } from '../app/cli-pty.js';

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
