import path from 'node:path';

// A frame of `botster-tui test` is of the user's Lua only when that Lua loaded and rendered: a
// hub showing a load or render error draws its fallback with the error line, which a golden file
// must never take in. The error is told at the user's own files (the hub read copies of them in
// a fixture home: fixtureHome in run-lua-tests.ts).

/** The fixture hub's Lua did not load (or its layout did not render): there is no frame of it. */
export class LuaLoadError extends Error {}

interface ShownErrors {
  configError: string | null;
  renderError: string | null;
  notice: { level: string; text: string } | null;
}

/**
 * The error the hub shows instead of the user's layout (hub/state.ts configError, renderError), or
 * over it: an error notice at a file of the fixture home (a key's binding that raised one), whose
 * path is new each run, so no golden could hold it.
 */
export function hubLoadError(s: ShownErrors, fixture: string): string | null {
  const notice =
    s.notice?.level === 'error' && s.notice.text.includes(fixture + path.sep) ? s.notice.text : null;
  return s.configError ?? s.renderError ?? notice;
}

/**
 * `text` with the paths of the fixture home's copies made the user's own, each shown as the test
 * file is (relative to the working directory): `to` maps a folder of the fixture to where it was
 * copied or linked from (the home's user/ and plugins/, a plugin tested in its own folder).
 */
export function ownPaths(text: string, to: [fixture: string, own: string][], cwd = process.cwd()): string {
  let out = text;
  // The longest first: a plugin linked in place is inside the fixture's plugins/.
  for (const [from, own] of [...to].sort((a, b) => b[0].length - a[0].length)) {
    const shown = path.relative(cwd, own);
    out = out.split(from + path.sep).join(shown ? shown + path.sep : '');
  }
  return out;
}
