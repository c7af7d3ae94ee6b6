import fs from 'node:fs';
import path from 'node:path';
import { bwrapArgs } from '../box/bwrap-args.js';
import { boxPlace } from '../box/box-place.js';
import { boxPlan } from '../box/box-plan.js';
import { BoxError, inHome } from '../box/box.js';
import { boxFolders, boxPath, holdsHome, nearestThere } from '../box/box-writes.js';
import { inHomeWords } from '../box/box-fixed.js';
import { devcontainerImage } from '../box/devcontainer.js';
import { hubTag, podmanArgs } from '../box/podman-args.js';
import { privateRefs } from '../box/private-refs.js';
import { fitBox } from '../box/box-fit.js';
import { boxSees, programUnseen } from '../box/box-sees.js';
import { placeProgram } from '../box/box-program.js';
import { within } from '../box/box-paths.js';
import { specProgram } from '../agents/command-line.js';
import { findAgent } from './agents.js';
import { defineVerb } from './verb.js';
import { agentRef, any, obj, str } from './shape.js';

// `sandbox AGENT`: what an agent's box lets it see and write, in words and as bubblewrap's (or
// podman's) arguments (docs/security.md). It only looks.

function says(name: string, box: ReturnType<typeof boxOf>): string {
  if (!box) return `${name} runs unboxed: it has all of your powers (settings.sandbox, sandbox.choose)`;
  return [
    `${name} runs in box ${box.name}${box.from ? ` (the box of agent ${box.from}, which started it)` : ''}:`,
    ...(box.image !== undefined ? [`  runs in:  a container of image ${box.image} (podman)`] : []),
    box.image !== undefined
      ? `  reads:    its image's system${box.read === 'all' ? ', your home read-only' : ''}${box.mounts.length ? `, ${box.mounts.join(', ')} read-only` : ''}, its folders`
      : `  reads:    ${box.read === 'all' ? 'the system and your home, read-only' : 'the system and its folders only'}`,
    `  writes:   ${[...box.writes, 'a private /tmp'].join(', ')}`,
    ...(box.folder
      ? [`  its folder ${box.folder.path}: read-only${box.folder.home ? ` (${box.folder.home})` : ''}`]
      : []),
    `  not seen: ${box.hidden.join(', ') || 'nothing'}`,
    `  read-only inside what it writes: ${box.protected.join(', ') || 'nothing'}`,
    ...box.branches.map(
      (b) =>
        `  git:      commits on ${b} only (the hub carries it to the repository; main, tags and other branches read-only; its repository's config and hooks too)`,
    ),
    ...(box.program
      ? [
          `  runs:     ${box.program.name}: ${box.program.path}${box.program.runs !== box.program.path ? ` -> ${box.program.runs}` : ''}${box.program.unseen ? ` (${box.program.unseen})` : ''}`,
        ]
      : []),
    `  network:  ${!box.network ? 'none' : `its own, through the hub's proxy: ${box.allow.join(', ') || 'no host'} unasked, any other once you let it${box.forwards.length ? ` (${box.forwards.map((p) => `127.0.0.1:${p}`).join(', ')}: yours, at the same address inside it)` : ''}`}; its own processes only (your processes, other agents and keepers are not there)`,
    `  the hub:  its socket and its hooks' files only (not your Lua, the log, the trust records, the keepers)`,
    // (last: one line a folder)
    ...(box.path ? pathLines(box.path) : [`  PATH:     its image's`]),
  ].join('\n');
}

/** The PATH's folders as its box has them, one a line: each seen in its box, or not there. */
function pathLines(dirs: ReadonlyArray<{ dir: string; seen: boolean }>): string[] {
  if (!dirs.length) return ['  PATH:     (empty)'];
  return dirs.map(
    (d, i) => `  ${i ? '          ' : 'PATH:     '}${d.dir}${d.seen ? '' : ' (not there in its box)'}`,
  );
}

/** A container's image, or why there is none (its devcontainer.json's may have changed since). */
function imageOf(box: { image?: string }, cwd: string): string {
  try {
    return box.image ?? devcontainerImage(cwd);
  } catch (err) {
    if (err instanceof BoxError) return `(none: ${err.message})`;
    throw err;
  }
}

function boxOf(agent: ReturnType<typeof findAgent>) {
  if (!agent.spec.box) return null;
  // (the environment it started with: its PATH, the hub's home, as its box was made from them)
  const env = { ...process.env, ...agent.environment };
  const place = boxPlace(agent.cwd, env, specProgram(agent.spec));
  const box = fitBox(agent.spec.box, place.home, env);
  const home = place.home;
  // (what is not there is not worth naming: only what this home has)
  const there = (p: string) => fs.existsSync(p.replace(/\/+$/, '') || '/');
  const argv = { file: agent.spec.command, args: agent.spec.args ?? [] };
  const writes = [
    ...boxFolders(box, place),
    ...box.write.map((p) => inHome(p, home)).filter((p) => !holdsHome(boxPath(p, home), home)),
  ];
  // (its own folder when it writes none of it: started in your home, or given another's box)
  const cwd = boxPath(agent.cwd, home);
  const folder = writes.some((w) => within(cwd, boxPath(w, home)))
    ? undefined
    : { path: agent.cwd, ...(holdsHome(cwd, home) ? { home: inHomeWords(writes) } : {}) };
  const image = box.runner === 'podman' ? imageOf(box, agent.cwd) : undefined;
  const plan = boxPlan(box, place, argv);
  const args =
    image !== undefined
      ? podmanArgs(plan, { id: agent.id, name: `botster-${agent.id}`, hub: hubTag(place), image })
      : bwrapArgs(plan);
  const cli = image === undefined ? placeProgram(place) : null;
  const unseen = cli && programUnseen(plan, cli);
  return {
    name: box.name,
    ...(box.from ? { from: box.from } : {}),
    read: box.read,
    network: box.network,
    allow: box.allow ?? [],
    forwards: plan.forwards,
    writes,
    ...(folder ? { folder } : {}),
    hidden: box.hide.map((p) => inHome(p, home)).filter(there),
    // (one not there yet inside what it writes: the folder above it is read-only instead)
    protected: box.protect.flatMap((p) => {
      const at = boxPath(p, home);
      if (there(at)) return [inHome(p, home)];
      if (!writes.some((w) => within(at, boxPath(w, home)))) return [];
      return [`${inHome(p, home)} (not there yet: ${nearestThere(at)} is read-only)`];
    }),
    // (a worktree's branch, the one ref of its repository it moves: private-refs.ts)
    branches: boxFolders(box, place).flatMap((f) => privateRefs(f)?.branch ?? []),
    image,
    mounts: box.mount ?? [],
    args,
    // Its PATH's folders, each there in its box or not (a container runs its image's PATH).
    path:
      image !== undefined ? null : (place.path ?? []).map((dir) => ({ dir, seen: boxSees(plan, dir).seen })),
    program: cli && { name: cli.name, path: cli.link, runs: cli.real, ...(unseen ? { unseen } : {}) },
  };
}

export const sandboxVerb = defineVerb({
  name: 'sandbox',
  command: true,
  looks: true,
  summary: "what an agent's box lets it see and write (none: it runs unboxed)",
  args: {
    agent: { type: 'agent', required: true, doc: 'the agent whose box it is', cli: { positional: true } },
  },
  answer: obj({
    agent: agentRef,
    box: any(
      "its box: name, from, read, network, writes, hidden, protected, branches (a worktree's, the one ref it moves), image and mounts (a container's), args (bubblewrap's or podman's), path (its PATH's folders, each { dir, seen }: there in its box or not; null in a container, which runs its image's PATH), program (what it runs by name: { name, path, runs (links resolved), unseen (why its box cannot run it) }); null: none",
    ),
    says: str('the same, in words'),
  }),
  act: (deps, req) => {
    const agent = findAgent(deps, req.agent);
    const box = boxOf(agent);
    return { agent: { id: agent.id, name: agent.info.name }, box, says: says(agent.info.name, box) };
  },
});
