import { inHome, type Box } from './box.js';
import { within } from './box-paths.js';

// A box as it runs for one agent: a CLI's own needs give way to what you set yourself (your
// CLAUDE_CONFIG_DIR is the folder it writes, not ~/.claude), and what it keeps outside that folder
// is given to it as a copy (box-seeds.ts).

const folder = (p: string) => p.replace(/\/+$/, '') || '/';

/**
 * `box` for an agent whose environment is `env`: a variable its CLI's needs would set (`yields`)
 * that the agent has already (yours, its profile's) stays yours, and the folder the box's value named (written, the
 * target of a seed) becomes yours in what it writes, its seeds under it dropped (yours is where the
 * CLI keeps everything already). Then the config folders of your accounts it does not write (the
 * other accounts': their logins) are hidden.
 */
export function fitBox(box: Box, home: string, env: Record<string, string | undefined>): Box {
  return hideAccounts(yieldToAgent(box, home, env), home);
}

function yieldToAgent(box: Box, home: string, env: Record<string, string | undefined>): Box {
  const mine = (box.yields ?? Object.keys(box.env)).filter(
    (k) => box.env[k] !== undefined && env[k] !== undefined && env[k] !== '',
  );
  if (mine.length === 0) return box;
  let write = box.write;
  let seed = box.seed;
  const boxEnv = { ...box.env };
  for (const k of mine) {
    const theirs = folder(inHome(box.env[k], home));
    const yours = folder(inHome(env[k] as string, home));
    delete boxEnv[k];
    write = write.map((w) => (folder(inHome(w, home)) === theirs ? `${yours}/` : w));
    if (seed)
      seed = Object.fromEntries(Object.entries(seed).filter(([made]) => !within(inHome(made, home), theirs)));
  }
  const fitted: Box = { ...box, env: boxEnv, write };
  if (seed && Object.keys(seed).length) fitted.seed = seed;
  else delete fitted.seed;
  return fitted;
}

/** Every account's folder but the one it writes (its own account's) goes into what it does not see. */
function hideAccounts(box: Box, home: string): Box {
  const writes = box.write.map((w) => folder(inHome(w, home)));
  const others = (box.accounts ?? []).filter((a) => !writes.includes(folder(inHome(a, home))));
  if (others.length === 0) return box;
  return { ...box, hide: [...box.hide, ...others.map((a) => `${folder(a)}/`)] };
}
