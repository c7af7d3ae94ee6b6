import fs from 'node:fs';
import path from 'node:path';
import type { AgentSpec } from '../agents/types.js';

/** $BOTSTER_HOME/session.json: the agents of the last hub, for `botster-tui --restore`. */
export function sessionPath(home: string): string {
  return path.join(home, 'session.json');
}

export function saveSession(home: string, specs: AgentSpec[]): void {
  const file = sessionPath(home);
  fs.mkdirSync(home, { recursive: true });
  fs.writeFileSync(`${file}.tmp`, JSON.stringify({ saved: new Date().toISOString(), agents: specs }, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

/** The recorded agents; throws a clear error when there is nothing (valid) to restore. */
export function loadSession(home: string): AgentSpec[] {
  const file = sessionPath(home);
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`nothing to restore: ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const agents = (data as { agents?: unknown }).agents;
  if (!Array.isArray(agents) || agents.length === 0) throw new Error(`nothing to restore: ${file} lists no agents`);
  return agents
    .filter((a): a is Record<string, unknown> => !!a && typeof a === 'object' && typeof (a as { command?: unknown }).command === 'string')
    .map((a) => {
      const spec: AgentSpec = { command: a.command as string };
      if (Array.isArray(a.args)) spec.args = a.args.map(String);
      if (typeof a.cwd === 'string') spec.cwd = a.cwd;
      if (typeof a.name === 'string') spec.name = a.name;
      return spec;
    });
}
