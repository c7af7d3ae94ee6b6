// A configuration going live is one fact: its generation. The frames draw again because the state
// changed; the other parts read the configuration through the `configured` effect.
import type { Effect } from './effect.js';
import type { Intent } from './intents.js';
import type { HubState } from './state.js';
import { changed, same, type Result } from './result.js';

type ConfigLoaded = Extract<Intent, { type: 'config_loaded' }>;

export function configLoaded(s: HubState, i: ConfigLoaded): Result {
  // An older build that finished late never replaces a newer one.
  if (i.generation <= s.configGeneration) return same(s);
  const effects: Effect[] = [{ type: 'configured', generation: i.generation }];
  if (i.error && i.error !== s.configError) effects.unshift({ type: 'log', level: 'error', text: i.error });
  // Lua answered with a whole configuration: it is not paused any more (a restored worker is, until its backoff is up).
  const lua = i.restored ? s.lua : { pausedUntil: 0, backoffMs: s.lua.backoffMs };
  return changed({ ...s, configGeneration: i.generation, configError: i.error, lua }, effects);
}
