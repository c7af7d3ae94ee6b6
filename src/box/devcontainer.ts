import fs from 'node:fs';
import path from 'node:path';
import { BoxError, imageRef } from './box.js';

// A container box's image from the repository's devcontainer.json (`devcontainer = true`): its
// `image`, nothing else of it. One that builds its image (`build`, `dockerFile`, compose) is not
// built by the hub: the box says how to build it and name it instead.

/** JSON with comments and trailing commas (devcontainer.json's JSONC) as JSON. */
export function jsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      out += ' ';
    } else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

/** The devcontainer.json of the repository `cwd` is in (from `cwd` up to its repository's root); null: none. */
export function devcontainerFile(cwd: string): string | null {
  for (let d = path.resolve(cwd); ; d = path.dirname(d)) {
    for (const f of [path.join(d, '.devcontainer', 'devcontainer.json'), path.join(d, '.devcontainer.json')])
      if (fs.existsSync(f)) return f;
    if (fs.existsSync(path.join(d, '.git')) || path.dirname(d) === d) return null;
  }
}

/** The image of the devcontainer.json of `cwd`'s repository; a BoxError says why there is none. */
export function devcontainerImage(cwd: string): string {
  const file = devcontainerFile(cwd);
  if (!file)
    throw new BoxError(
      `its box's image is its repository's devcontainer.json, and ${cwd} has none (.devcontainer/devcontainer.json)`,
    );
  let conf: unknown;
  try {
    conf = jsonc(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new BoxError(`${file} cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const c = (typeof conf === 'object' && conf !== null ? conf : {}) as Record<string, unknown>;
  if (typeof c.image === 'string') return imageRef(c.image);
  if (c.build !== undefined || c.dockerFile !== undefined || c.dockerComposeFile !== undefined)
    throw new BoxError(
      `${file} builds its image, which the hub does not do: build it (podman build -t NAME -f .devcontainer/Dockerfile .devcontainer) and give the box image = "NAME"`,
    );
  throw new BoxError(`${file} names no image ("image": "...")`);
}
