import type { Capability } from '../hub/capabilities.js';
import type { PluginManifest } from '../plugins/manifest.js';
import { EXIT } from '../wire/exit-codes.js';

// What `botster-tui plugin` reads of the world (./plugin-command.ts), and what an agent may do of
// the plugins: ask the user in the hub (add, grant, enable), or be refused (the rest).

export interface PluginCliIo {
  out(s: string): void;
  err(s: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** A terminal to ask in (absent: scripts say --grant). */
  ask?: (question: string) => Promise<string>;
  /** Loads a plugin's Lua as the hub would (file:line on failure). */
  check(dir: string, m: PluginManifest, granted: Capability[]): Promise<void>;
  /** settings.plugins of the home's configuration. */
  declared(): Promise<string[]>;
  /** The plugin indexes the home's Lua names (plugins.index). */
  indexes?(): Promise<string[]>;
  /**
   * Whether the running hub takes this process for one of its agents (the kernel's word on the
   * socket: its ancestry, whatever its environment says), and why when it cannot tell (no native
   * client to ask the kernel with); null: no hub answers.
   */
  fromAgent?: () => Promise<{ agent: boolean; why?: string } | null>;
  /**
   * From inside an agent: asks the user in the hub (the plugin_ask verb); what the hub says it
   * asked, or why not (null: no hub answers).
   */
  askHub?: (ask: {
    action: 'add' | 'grant' | 'enable';
    source?: string;
    name?: string;
    caps?: string;
  }) => Promise<{ asked: string } | { error: string } | null>;
}

/**
 * An agent's add, grant or enable: asked of the user in the hub, never done by its word (the hub
 * shows what it is and asks for; granting takes the word typed there).
 */
export async function askInHub(
  io: PluginCliIo,
  ask: Parameters<NonNullable<PluginCliIo['askHub']>>[0],
  refusal: string,
  agent: AsAgent,
): Promise<number> {
  const said = await io.askHub?.(ask);
  if (!said) throw new Error(refusal + because(agent));
  if ('error' in said) throw new Error(said.error);
  io.out(`asked you in the hub: ${said.asked}; nothing changes until you answer there${because(agent)}`);
  return EXIT.PLUGIN_ASKED;
}

/** A command the hub takes for an agent's, and why where it cannot tell ('' where it can). */
export type AsAgent = { why: string };

/**
 * An agent (by its environment, or by the hub's word when its environment was cleaned) may not do
 * what only the user does; null: it is the user's.
 */
export async function inAgent(io: PluginCliIo): Promise<AsAgent | null> {
  if (io.env.BOTSTER_AGENT_ID) return { why: '' };
  const said = await io.fromAgent?.();
  return said?.agent ? { why: said.why ?? '' } : null;
}

/**
 * What only the user changes and an agent has no need to ask for (it takes away what the user
 * chose: a plugin, its grants, its pin): refused to an agent outright.
 */
export async function refuseAgent(io: PluginCliIo, what: string): Promise<void> {
  const agent = await inAgent(io);
  if (agent) throw new Error(`an agent cannot ${what}: the user does${because(agent)}`);
}

/** Said after a refusal the user may meet themselves (the hub cannot tell them from an agent). */
export const because = (a: AsAgent) => (a.why ? ` (the hub took this for an agent's: ${a.why})` : '');
