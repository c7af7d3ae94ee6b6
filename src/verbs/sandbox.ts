import fs from 'node:fs';
import { bwrapArgs, boxFolders, boxPlace } from '../box/bwrap-args.js';
import { inHome } from '../box/box.js';
import { findAgent } from './agents.js';
import { defineVerb } from './verb.js';
import { agentRef, any, obj, str } from './shape.js';

// `sandbox AGENT`: what an agent's box lets it see and write, in words and as bubblewrap's
// arguments (docs/security.md). It only looks.

function says(name: string, box: ReturnType<typeof boxOf>): string {
  if (!box) return `${name} runs unboxed: it has all of your powers (settings.sandbox, sandbox.choose)`;
  return [
    `${name} runs in box ${box.name}${box.from ? ` (the box of agent ${box.from}, which started it)` : ''}:`,
    `  reads:    ${box.read === 'all' ? 'the system and your home, read-only' : 'the system and its folders only'}`,
    `  writes:   ${box.writes.join(', ')} and a private /tmp`,
    `  not seen: ${box.hidden.join(', ') || 'nothing'}`,
    `  read-only inside what it writes: ${box.protected.join(', ') || 'nothing'}`,
    `  network:  ${box.network ? 'yes' : 'none'}; its own processes only (your processes, other agents and keepers are not there)`,
    `  the hub:  its socket and its hooks' files only (not your Lua, the log, the trust records, the keepers)`,
  ].join('\n');
}

function boxOf(agent: ReturnType<typeof findAgent>) {
  const box = agent.spec.box;
  if (!box) return null;
  const place = boxPlace(agent.cwd, { ...process.env, ...agent.spec.env });
  const home = place.home;
  // (what is not there is not worth naming: only what this home has)
  const there = (p: string) => fs.existsSync(p.replace(/\/+$/, '') || '/');
  const writes = [...boxFolders(box, place), ...box.write.map((p) => inHome(p, home))];
  return {
    name: box.name,
    ...(box.from ? { from: box.from } : {}),
    read: box.read,
    network: box.network,
    writes,
    hidden: box.hide.map((p) => inHome(p, home)).filter(there),
    protected: box.protect.map((p) => inHome(p, home)).filter(there),
    args: bwrapArgs(box, place, { file: agent.spec.command, args: agent.spec.args ?? [] }),
  };
}

export const sandboxVerb = defineVerb({
  name: 'sandbox',
  command: true,
  looks: true,
  summary: "what an agent's box lets it see and write (none: it runs unboxed)",
  may: ['agent'],
  args: {
    agent: { type: 'agent', required: true, doc: 'the agent whose box it is', cli: { positional: true } },
  },
  answer: obj({
    agent: agentRef,
    box: any(
      "its box: name, from, read, network, writes, hidden, protected, args (bubblewrap's); null: none",
    ),
    says: str('the same, in words'),
  }),
  act: (deps, req) => {
    const agent = findAgent(deps, req.agent);
    const box = boxOf(agent);
    return { agent: { id: agent.id, name: agent.info.name }, box, says: says(agent.info.name, box) };
  },
});
