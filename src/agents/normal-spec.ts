import type { AgentSpec } from './types.js';

/** Specs come from Lua and the CLI too: coerce wrong types instead of failing on them later. */
export function normalizeSpec(spec: AgentSpec): AgentSpec {
  const s = (spec ?? {}) as Partial<AgentSpec>;
  const strings = (r: unknown): Record<string, string> | undefined => {
    if (!r || typeof r !== 'object') return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(r)) if (v !== undefined && v !== null) out[k] = String(v);
    return out;
  };
  return {
    command: typeof s.command === 'string' ? s.command : '',
    args: Array.isArray(s.args) ? s.args.map(String) : undefined,
    name: typeof s.name === 'string' ? s.name : undefined,
    cwd: typeof s.cwd === 'string' && s.cwd !== '' ? s.cwd : undefined,
    env: strings(s.env),
    // (its box, as resolved: src/box/box.ts checked it)
    ...(s.box ? { box: s.box } : {}),
  };
}
