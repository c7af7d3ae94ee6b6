import type { ConfigFile } from '../lua/runtime/config-file.js';

// The hub's first configure takes the one the CLI began early only when it asks the same. Its
// files hold ~800 KB of Lua source: serialising them to compare (JSON, twice per start) cost the
// main thread ~10-20 ms on the way to the first frame. The sources are compared as strings (the
// shipped files are the same objects both times, read once); the rest, small, as JSON.

export interface ConfigureKey {
  sources: string[];
  rest: string;
}

/** What identifies a configure request: `params.files`' sources apart from everything else. */
export function configureKey(params: { files: ConfigFile[] } & Record<string, unknown>): ConfigureKey {
  const sources = params.files.map((f) => f.source);
  const files = params.files.map((f) => ({ ...f, source: undefined }));
  return { sources, rest: JSON.stringify({ ...params, files }) };
}

export function sameConfigure(a: ConfigureKey, b: ConfigureKey): boolean {
  return (
    a.rest === b.rest &&
    a.sources.length === b.sources.length &&
    a.sources.every((s, i) => s === b.sources[i])
  );
}
