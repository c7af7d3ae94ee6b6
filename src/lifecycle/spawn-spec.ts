import type { AgentSpec } from '../agents/types.js';
import type { AppData } from '../hub/self.js';
import { specProgram } from '../agents/command-line.js';
import { BoxError, boxOf } from '../box/box.js';

/** A before_agent_spawn payload (possibly changed by handlers) back into a spec. */
export function specFromPayload(p: unknown, fallback: AgentSpec): AgentSpec {
  if (!p || typeof p !== 'object') return fallback;
  const o = p as Record<string, unknown>;
  const spec: AgentSpec = { command: typeof o.command === 'string' ? o.command : fallback.command };
  if (Array.isArray(o.args)) spec.args = o.args.map(String);
  else if (fallback.args) spec.args = fallback.args;
  if (typeof o.cwd === 'string') spec.cwd = o.cwd;
  if (typeof o.name === 'string') spec.name = o.name;
  else if (fallback.name) spec.name = fallback.name;
  if (o.env && typeof o.env === 'object' && !Array.isArray(o.env))
    spec.env = Object.fromEntries(Object.entries(o.env).map(([k, v]) => [k, String(v)]));
  // The box Lua resolved (lua/default/sandbox.lua); a BoxError says what is wrong with it.
  const box = boxOf(typeof o.sandbox === 'string' ? undefined : o.sandbox);
  if (typeof o.sandbox === 'string')
    throw new BoxError(`no box named "${o.sandbox}" (sandbox.boxes names them)`);
  if (box) spec.box = box;
  return spec;
}

/** The payload before_agent_spawn handlers see. */
export function spawnPayload(spec: AgentSpec, again = false): Record<string, unknown> {
  return {
    // It ran before (a restart, --restore, a resume that failed): it keeps what it had (its account).
    again,
    command: spec.command,
    args: spec.args ?? null,
    cwd: spec.cwd ?? process.cwd(),
    env: spec.env ?? {},
    name: spec.name ?? null,
    // What it runs (its CLI: clis.find), and the box asked for (a name, false; nil: sandbox.choose).
    program: specProgram(spec) || null,
    sandbox: spec.box ?? spec.sandbox ?? null,
  };
}

/** Do the started agents look exactly as planned (so the planned frame stands)? */
export function sameAgents(a: AppData['agents'], b: AppData['agents']): boolean {
  return (
    a.length === b.length &&
    a.every(
      (x, i) =>
        x.id === b[i].id &&
        x.name === b[i].name &&
        x.command === b[i].command &&
        // One that could not start (its folder is gone) or runs in a box draws otherwise.
        x.status === b[i].status &&
        !x.box === !b[i].box,
    )
  );
}
