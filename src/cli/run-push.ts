import fs from 'node:fs';
import path from 'node:path';
import { ControlClientError, controlRequest, resolveSocketPath } from '../wire/control-client.js';
import { ImprovementHistory } from '../reload/improvement-history.js';
import { EXIT } from '../wire/exit-codes.js';
import type { Endpoint } from '../wire/dialer.js';
import { processIo, type CliIo } from './cli-io.js';

/**
 * `botster-tui push FILE.lua`: hand an improvement to the running hub and print its decision.
 * Only the policy's decision goes to stdout (as JSON, exit 0/1/2); a missing hub or a bad file is
 * an error on stderr with its own exit code, so a script never mistakes one for a refusal.
 */
export async function runPush(
  files: string[],
  home: string,
  env: NodeJS.ProcessEnv,
  out: (s: string) => void,
  err: (s: string) => void,
  scope?: string,
  endpoint?: Endpoint,
  // (a native client's push: the file as it read it, and this server in-process: src/cli/forwarded.ts)
  io: Pick<CliIo, 'readFile' | 'endpoint'> = processIo,
): Promise<number> {
  if (files.length !== 1) {
    err(
      files.length === 0
        ? 'name the Lua file to push (see botster-tui push --help)'
        : `name exactly one Lua file (got ${files.length})`,
    );
    return EXIT.PUSH_INPUT;
  }
  const file = files[0];
  const name = path.basename(file).replace(/\.lua$/, '');
  if (!file.endsWith('.lua') || !ImprovementHistory.validName(name)) {
    err(
      `${file}: the file name names the improvement: use lower-case letters, digits, - and _, ending in .lua (e.g. greet.lua)`,
    );
    return EXIT.PUSH_INPUT;
  }
  let source: string;
  try {
    source = io.readFile ? io.readFile(file) : fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    err(
      `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (code ?? (e as Error).message)}`,
    );
    return EXIT.PUSH_INPUT;
  }
  let reply: Record<string, unknown>;
  // (outside the try: a socket the server will not dial for a forwarded push goes to node)
  const target = endpoint ?? io.endpoint(resolveSocketPath(env, home));
  try {
    const remote = endpoint !== undefined;
    reply = await controlRequest(
      target,
      {
        op: 'push',
        name,
        source,
        agent_id: remote ? null : (env.BOTSTER_AGENT_ID ?? null),
        ...(scope && !remote ? { home: scope } : {}),
      },
      { timeoutMs: 30000 },
    );
  } catch (e) {
    const hint =
      e instanceof ControlClientError && e.code === 'NO_HUB'
        ? ' (start one with `botster-tui`, or name its home with --home)'
        : '';
    err(`${(e as Error).message}${hint}`);
    return EXIT.NO_HUB;
  }
  const { id: _id, v: _v, ok, ...body } = reply;
  if (ok === false) {
    // The hub answered but could not take the request (e.g. a malformed one): not a policy decision.
    err(`the hub did not take the push: ${String(reply.error)}`);
    return EXIT.FAILED;
  }
  out(JSON.stringify(body, null, 2));
  if (body.decision === 'autonomous' && body.live === true) return EXIT.OK;
  if (body.decision === 'collaborative' && body.waiting === true) return 2;
  return EXIT.FAILED;
}
