// A plugin's manifest: plugin.json at its root (docs/plugins.md). Read by the CLI when it adds or
// updates one, and by the hub when it loads it; a bad one is `plugin.json: message`.
import fs from 'node:fs';
import path from 'node:path';
import { CAPABILITY_NAMES, isCapability, type Capability } from '../hub/capabilities.js';

export const MANIFEST = 'plugin.json';

export interface PluginManifest {
  name: string;
  version: string;
  description: string;
  /** The file that loads (beside plugin.json); its `require`s read the plugin's own folder. */
  main: string;
  /** What it adds, in words for the user (`keys: ctrl+g t`, `piece: status_right clock`). */
  provides: string[];
  capabilities: Capability[];
  /** The hosts `net` lets it reach (`ntfy.sh`, `*.example.com`). */
  hosts: string[];
  /** The programs `run` lets process.run start (`gh`, or an exact path). */
  commands: string[];
}

const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export class ManifestError extends Error {}

/** A plugin's name is a folder name and a Lua owner: lowercase letters, digits, - and _. */
export function checkPluginName(name: string): string | null {
  return NAME.test(name)
    ? null
    : `"${name}" is not a plugin name (lowercase letters, digits, - and _, at most 64)`;
}

export function parseManifest(text: string, where = MANIFEST): PluginManifest {
  const fail = (msg: string): never => {
    throw new ManifestError(`${where}: ${msg}`);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return fail(`not JSON (${(err as Error).message})`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return fail('expected an object');
  const m = raw as Record<string, unknown>;
  const known = new Set([
    'name',
    'version',
    'description',
    'main',
    'provides',
    'capabilities',
    'hosts',
    'commands',
    'botster',
  ]);
  for (const k of Object.keys(m)) if (!known.has(k)) fail(`unknown field "${k}"`);
  if (typeof m.name !== 'string') fail('"name" must be text');
  const bad = checkPluginName(m.name as string);
  if (bad) fail(bad);
  if (typeof m.version !== 'string' || !m.version.trim()) fail('"version" must be text');
  if (m.description !== undefined && typeof m.description !== 'string') fail('"description" must be text');
  const main = m.main === undefined ? 'init.lua' : m.main;
  if (typeof main !== 'string' || !main.endsWith('.lua') || main.includes('..') || path.isAbsolute(main))
    fail('"main" must be a .lua file inside the plugin');
  const list = (key: string): string[] => {
    const v = m[key];
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(`"${key}" must be a list of text`);
    return v as string[];
  };
  const caps = list('capabilities');
  for (const c of caps)
    if (!isCapability(c)) fail(`unknown capability "${c}" (known: ${CAPABILITY_NAMES.join(', ')})`);
  const hosts = list('hosts');
  for (const h of hosts)
    if (!/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(h))
      fail(`"hosts": "${h}" is not a host name (ntfy.sh, *.example.com)`);
  if (hosts.length && !caps.includes('net'))
    fail('"hosts" is for the capability "net", which it does not ask for');
  const commands = list('commands');
  if (commands.some((c) => !c.trim())) fail('"commands": a command is a program name or a path');
  if (commands.length && !caps.includes('run'))
    fail('"commands" is for the capability "run", which it does not ask for');
  return {
    name: m.name as string,
    version: (m.version as string).trim(),
    description: (m.description as string | undefined) ?? '',
    main: main as string,
    provides: list('provides'),
    capabilities: [...new Set(caps)] as Capability[],
    hosts,
    commands,
  };
}

/** The manifest of the plugin in `dir`; throws `DIR/plugin.json: message`. */
export function readManifest(dir: string): PluginManifest {
  const file = path.join(dir, MANIFEST);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ManifestError(
      (err as NodeJS.ErrnoException).code === 'ENOENT'
        ? `${dir}: no ${MANIFEST} (a plugin is a folder with ${MANIFEST} and its Lua, docs/plugins.md)`
        : `${file}: ${(err as Error).message}`,
    );
  }
  const manifest = parseManifest(text, file);
  if (!fs.existsSync(path.join(dir, manifest.main)))
    throw new ManifestError(`${file}: "main" names ${manifest.main}, which is not there`);
  return manifest;
}
