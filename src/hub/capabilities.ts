// What a plugin may do, by name: the manifest asks for some, the user grants them, and the hub holds
// the plugin to them in two places: its Lua state (the API functions of a capability it was not
// granted raise an error naming it, lua/runtime/plugin-gates.ts) and the requests its code makes
// (hub/who-may.ts says which capability each needs). Whatever is not listed here (notices,
// focus, modes, scrolling, dialogs, its own state and log) every plugin may do, as an untrusted
// project may.

export const CAPABILITIES = {
  keys: 'bind keys and key tables',
  commands: 'add commands to the palette',
  hooks: "react to the hub's events",
  clis: "tell agents' states (a CLI's file, status adapters)",
  pieces: 'draw pieces in the layout',
  pipelines: 'define pipelines, and start or drive runs',
  send: 'type into agents',
  spawn: 'start, restart and stop agents',
  run: "run shell commands (a pipeline's checks and command context; process.run of the commands its manifest lists)",
  files: 'read files (files.glob, files.read_line, files.json_line, files.which; file context)',
  net: 'HTTP to the hosts its manifest lists (http.request, http.get, http.post)',
  git: 'read git facts of a folder (git.status, git.branch, git.log, git.diff_stat, git.remote_url)',
  web: 'add pages to the hub in a browser (routes.get, routes.post)',
} as const;

export type Capability = keyof typeof CAPABILITIES;

export const CAPABILITY_NAMES = Object.keys(CAPABILITIES) as Capability[];

export function isCapability(name: string): name is Capability {
  return Object.hasOwn(CAPABILITIES, name);
}

/** The Lua functions each capability guards in a plugin's state (what registers, binds or reads). */
export const LUA_GATES: Record<Capability, string[]> = {
  keys: ['keys.bind', 'keys.unbind', 'keys.mode'],
  commands: ['commands.register'],
  hooks: ['hooks.on', 'events.on'],
  clis: ['clis.define', 'status.adapter'],
  pieces: ['layout.piece', 'layout.remove_piece'],
  pipelines: [
    'pipelines.define',
    'pipelines.run',
    'pipelines.cancel',
    'pipelines.pause',
    'pipelines.retry',
    'pipelines.choose',
  ],
  send: [],
  spawn: [],
  run: ['process.run'],
  files: ['files.glob', 'files.read_line', 'files.json_line', 'files.which'],
  net: ['http.request', 'http.get', 'http.post'],
  git: ['git.status', 'git.branch', 'git.log', 'git.diff_stat', 'git.remote_url'],
  web: ['routes.get', 'routes.post'],
};

/** How a missing grant reads, wherever it is found. */
export function notGranted(plugin: string, what: string, cap: Capability): string {
  return `plugin ${plugin}: ${what} needs the capability "${cap}" (${CAPABILITIES[cap]}), which it was not granted (botster-tui plugin grant ${plugin} ${cap})`;
}

/** What a capability allows, with the hosts and commands of a manifest that lists them (the grant screen). */
export function capabilityText(
  cap: Capability,
  m: { hosts?: readonly string[]; commands?: readonly string[] },
): string {
  if (cap === 'net') return `${CAPABILITIES.net}: ${m.hosts?.length ? m.hosts.join(', ') : 'no host listed'}`;
  if (cap === 'run' && m.commands?.length) return `${CAPABILITIES.run}: ${m.commands.join(', ')}`;
  return CAPABILITIES[cap];
}
