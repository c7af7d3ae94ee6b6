// What git and npm may be given to fetch a plugin. npm packs a folder (`file:`, a path) or a
// repository (`git+...`, `github:`, `user/repo`) by running its package scripts (`prepare`) as
// you, before anything is shown or granted: so `npm:` takes a package of the registry only (or a
// packed tarball of yours), and those others are refused with what to add instead. A URL or ref
// that starts with `-` would be read by git as an option: refused too (and git gets `--` before
// every URL). Checked where a source is read and again where git or npm is run (a lock file from
// elsewhere is not read through parseSource).

/** An npm package's name: `name` or `@scope/name` (never a path, a URL or `user/repo`). */
const NAME = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-zA-Z0-9][a-zA-Z0-9._~-]*$/;
/** A version, range or tag (`1.2.0`, `^1.2`, `>=1 <2`, `latest`): no `/`, `:` or leading `.`. */
const RANGE = /^[a-zA-Z0-9^~<>=*|+ ][a-zA-Z0-9.^~<>=*|+ _-]*$/;
/** The git URLs a plugin or an index is fetched from. */
const GIT_URL = /^(?:(?:https?|ssh|git|file):\/\/|[\w.-]+@[\w.-]+:)/;

/** `npm:SPEC`'s SPEC (a version after the name's last @): why npm must not be given it; null: a registry package. */
export function npmSpecProblem(spec: string): string | null {
  const at = spec.lastIndexOf('@');
  const [name, range] = at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, undefined];
  if (NAME.test(name) && (range === undefined || RANGE.test(range))) return null;
  const what = `npm:${spec}`;
  const built =
    'npm runs its package scripts (prepare) to pack it, as you, before you have seen or granted anything';
  const inner = range !== undefined && NAME.test(name) ? range : spec;
  if (/^https?:.*\.t(ar\.)?gz$/.test(inner))
    return `${what}: a tarball's URL behind npm: is refused; download it and add the file: botster-tui plugin add npm:./${inner.split('/').pop()}`;
  if (
    /^(?:git\+|git:|github:|gitlab:|bitbucket:|gist:|https?:|ssh:)/.test(inner) ||
    /^[\w.-]+\/[\w.-]+$/.test(inner)
  ) {
    const git = /^[\w.-]+\/[\w.-]+$/.test(inner) ? `github:${inner}` : inner.replace(/^git:(?!\/\/)/, '');
    return `${what}: a repository behind npm: is refused (${built}); add the git source itself: botster-tui plugin add ${git}`;
  }
  if (/^(?:file:|link:|\.|\/|~)/.test(inner)) {
    const folder = inner.replace(/^(?:file|link):(?:\/\/)?/, '');
    return `${what}: a folder behind npm: is refused (${built}); add the folder itself: botster-tui plugin add ${folder}`;
  }
  return `${what}: not an npm package of the registry (npm:NAME, npm:@scope/NAME, npm:NAME@VERSION)`;
}

/** Why git must not be given `url` (it would read it as an option, or it is no URL a plugin comes from); null: fine. */
export function gitUrlProblem(url: string): string | null {
  if (url.startsWith('-'))
    return `${url}: a git URL does not start with "-" (git would read it as an option)`;
  if (!GIT_URL.test(url))
    return `${url}: not a git URL (https://, ssh://, git://, file://, git@host:path or github:owner/repo)`;
  return null;
}

/** Why a branch, tag or commit `ref` is refused; null: fine. */
export function refProblem(ref: string): string | null {
  return ref.startsWith('-') ? `${ref}: a branch, tag or commit does not start with "-"` : null;
}
