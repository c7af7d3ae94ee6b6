import fs from 'node:fs';

// The JSON files a CLI keeps that its hooks and status line read (Claude's settings, sessions,
// teams): read defensively, a hook must never fail its CLI. (Their stdin: hook-input.ts.)

export type Json = Record<string, unknown>;
export const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

/** A JSON file's object ({} when it is missing, too big or not JSON). */
export function readJson(file: string, max = 8 << 20): Json {
  try {
    if (fs.statSync(file).size > max) return {};
    return obj(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return {};
  }
}
