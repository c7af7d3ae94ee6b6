import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../support/hub.js';
import { run, stoppedAfterEach } from '../support/cli-pty.js';
import { agentScreen, claudeEnv, claudeUp, claudeUser, hubCli } from '../support/real-claude.js';

// `botster-tui interrupt` on a real Claude Code at work: its model never answers, so Claude works
// ("esc to interrupt") until the hub presses its interrupt key (Escape, lua/default/clis/claude.lua);
// then it stops the turn and waits for the next prompt (2.1.332 gives the unanswered one back to
// edit), still running. The CLI comes from npm, which CI cannot reach: BOTSTER_TEST_CLIS names
// its bin folder.

const CLIS = process.env.BOTSTER_TEST_CLIS;
const has = (cli: string) => !!CLIS && fs.existsSync(path.join(CLIS, cli));

/** A model that takes every request and never answers it (the connections are held until closed). */
async function silentModel(): Promise<{ url: string; asked: () => number; close: () => Promise<void> }> {
  let asked = 0;
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/v1/messages') && req.method === 'POST') asked++;
    held.push(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    asked: () => asked,
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe.skipIf(!has('claude'))('interrupting a real Claude Code (BOTSTER_TEST_CLIS)', () => {
  const { running, homes } = stoppedAfterEach();
  let model: Awaited<ReturnType<typeof silentModel>> | undefined;
  afterEach(async () => {
    await model?.close();
    model = undefined;
  });

  it('Escape stops its turn; it waits for the next prompt, still running', async () => {
    const { home, user, work } = claudeUser();
    homes.push(home);
    model = await silentModel();
    const env = claudeEnv(user, CLIS!, model.url);
    running.push(run(['--home', home, '--agent', 'claude'], 140, 40, { env, cwd: work }));
    await claudeUp(home, '1');
    hubCli(home, 'send', '1', 'write a haiku about terminals');
    await new Promise((res) => setTimeout(res, 500));
    hubCli(home, 'send', '1', '--keys', 'enter');
    await until(
      'it works',
      () => model!.asked() > 0 && /esc to interrupt/i.test(agentScreen(home, '1')),
      60000,
    );

    const r = hubCli(home, 'interrupt', '1', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, keys: 'escape' });
    // Claude 2.1 stops the turn and, as nothing was answered yet, gives the prompt back to edit
    // (an answer under way would say "Interrupted").
    await until(
      'its turn stopped',
      () => {
        const screen = agentScreen(home, '1');
        return (
          !/esc to interrupt/i.test(screen) && /❯\s*write a haiku about terminals|Interrupted/.test(screen)
        );
      },
      20000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}:\n${agentScreen(home, '1')}`);
    });
    const listed = JSON.parse(hubCli(home, 'agents', '--json').stdout) as Array<{ status: string }>;
    expect(listed[0].status).not.toBe('exited');
  }, 120_000);
});
