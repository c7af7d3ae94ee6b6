// The capabilities a plugin's Lua uses, read from its source: a call of a function a capability
// gates in its state (LUA_GATES, lua/runtime/plugin-gates.ts) or of a request the hub holds it to
// (hub/who-may.ts: app:send needs `send`; app:spawn, kill, restart, close need `spawn`). Used to
// write the manifest of a plugin made from an improvement, so it asks for what it calls and no more.
// A reading of the text, not of what runs: a gate reached through an alias (`local k = keys`) is not
// seen, and the plugin's load with what was derived (plugin check) is what tells.
import { CAPABILITY_NAMES, LUA_GATES, type Capability } from '../hub/capabilities.js';

export interface DerivedCapabilities {
  capabilities: Capability[];
  /** `net`: the hosts its literal URLs name. */
  hosts: string[];
  /** `run`: the programs its process.run calls name literally. */
  commands: string[];
  /** Why each capability is asked for: the first call that needs it (`keys.bind`, `app:send`). */
  because: Partial<Record<Capability, string>>;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `keys.bind` as Lua may write it: `keys.bind(`, `keys . bind {`, `keys.bind"..."`. */
function gateRe(fn: string): RegExp {
  const [tbl, key] = fn.split('.');
  return new RegExp(`(?<![\\w.:])${esc(tbl)}\\s*\\.\\s*${esc(key)}\\s*[("'{\\[]`);
}

// The requests a plugin is held to by who-may.ts, by the Lua that makes them.
const AGENT_VERBS: Record<'send' | 'spawn' | 'pipelines', string[]> = {
  send: ['send', 'send_way_out'],
  spawn: ['spawn', 'start_agent', 'kill', 'restart', 'close', 'new'],
  pipelines: ['pipeline'],
};
const COMMAND_IDS: Record<'send' | 'spawn', string[]> = {
  send: ['send_way_out', 'answer'],
  spawn: ['kill', 'restart', 'close', 'spawn'],
};

/** The first match among `res` in `source`, as written. */
function firstHit(source: string, res: RegExp[]): string | null {
  let best: { at: number; text: string } | null = null;
  for (const re of res) {
    const m = re.exec(source);
    if (m && (!best || m.index < best.at)) best = { at: m.index, text: m[0] };
  }
  if (!best) return null;
  const t = best.text.replace(/\s+/g, '');
  // `keys.bind(` reads keys.bind; `app:call("new"` reads app:call("new")
  return /\(["'][\w.]+["']$/.test(t) ? `${t})` : t.replace(/[("'{[]+$/, '');
}

function requestRes(cap: 'send' | 'spawn' | 'pipelines'): RegExp[] {
  const words = AGENT_VERBS[cap].map(esc).join('|');
  const res = [
    // app:send(...), app:kill(...)
    new RegExp(`\\bapp\\s*:\\s*(?:${words})\\b\\s*[("'{]`),
    // app:verb("send", ...), app:call("kill", ...)
    new RegExp(`\\bapp\\s*:\\s*(?:verb|call)\\s*\\(\\s*["'](?:${words})["']`),
  ];
  if (cap !== 'pipelines')
    // "agent.kill": a command id a key or app:run runs
    res.push(new RegExp(`["']agent\\.(?:${COMMAND_IDS[cap].map(esc).join('|')})["']`));
  return res;
}

/** Strips Lua comments (-- to the line's end, --[[ ... ]]), so a gate named in a comment is not a use. */
function code(source: string): string {
  return source.replace(/--\[(=*)\[[\s\S]*?\]\1\]/g, '').replace(/--[^\n]*/g, '');
}

export function deriveCapabilities(sources: readonly string[]): DerivedCapabilities {
  const text = sources.map(code).join('\n');
  const because: DerivedCapabilities['because'] = {};
  for (const cap of CAPABILITY_NAMES) {
    const res = LUA_GATES[cap].map(gateRe);
    if (cap === 'send' || cap === 'spawn' || cap === 'pipelines') res.push(...requestRes(cap));
    const hit = firstHit(text, res);
    if (hit) because[cap] = hit;
  }
  const capabilities = CAPABILITY_NAMES.filter((c) => because[c]);
  const hosts = because.net
    ? [
        ...new Set(
          [...text.matchAll(/\bhttps?:\/\/([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9-]+)*)/gi)].map((m) =>
            m[1].toLowerCase(),
          ),
        ),
      ]
    : [];
  const commands = because.run
    ? [
        ...new Set(
          [...text.matchAll(/\bprocess\s*\.\s*run\s*\(?\s*\{?\s*(?:cmd\s*=\s*\{?\s*)?["']([^"'\s]+)/g)].map(
            (m) => m[1],
          ),
        ),
      ]
    : [];
  return { capabilities, hosts, commands, because };
}
