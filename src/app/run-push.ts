import fs from 'node:fs';
import path from 'node:path';
import { controlRequest, resolveSocketPath } from '../improvements/control-client.js';

/** `botster-tui push FILE.lua`: hand an improvement to the running hub and print its decision. */
export async function runPush(files: string[], home: string, out: (s: string) => void): Promise<number> {
  if (files.length !== 1) {
    out('botster-tui push: name exactly one Lua file');
    return 2;
  }
  const file = files[0];
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch (err) {
    out(JSON.stringify({ decision: 'escalated', reasoning: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }));
    return 1;
  }
  const name = path.basename(file).replace(/\.lua$/, '');
  try {
    const reply = await controlRequest(resolveSocketPath(process.env, home), { op: 'push', name, source, agent_id: process.env.BOTSTER_AGENT_ID ?? null }, { timeoutMs: 30000 });
    const { id: _id, ok, ...body } = reply;
    out(JSON.stringify(ok === false ? { decision: 'escalated', reasoning: String(reply.error), errors: [String(reply.error)] } : body, null, 2));
    if (ok === false) return 1;
    if (body.decision === 'autonomous' && body.live === true) return 0;
    if (body.decision === 'collaborative' && body.waiting === true) return 2;
    return 1;
  } catch (err) {
    out(JSON.stringify({ decision: 'escalated', reasoning: (err as Error).message }));
    return 1;
  }
}
