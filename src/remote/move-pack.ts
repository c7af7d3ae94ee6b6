import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MoveRefused, packGit, type MovedGit } from './move-git.js';
import { dropStaleTransfers, dropTransfer, newTransfer, patternRoot, underRoot } from './move-files.js';

// The source's half of a move: what the agent is (its name, how it resumes, its box), its work as
// git and its CLI's conversation as the CLI's own transcript files, packed into a transfer folder
// whose parts the other machine fetches. Nothing here stops the agent: that comes only once the
// other machine says it runs there (./agent-move.ts).

/** What crosses, besides the transfer's files. */
export interface Packed {
  /** The transfer folder's id on the machine it was packed on. */
  transfer: string;
  name: string;
  /** What starts it there: its CLI's resume (`claude --resume ID`), or its command as it ran. */
  command: string;
  args?: string[];
  /** It resumes its conversation there (a CLI's resume), rather than starting again. */
  resumed: boolean;
  session?: string;
  program: string;
  /** Where it works (there too: the same path). */
  cwd: string;
  /** The box it ran in: it runs in that box there, or not at all. */
  box?: string;
  /** The account it ran on (its BOTSTER_ACCOUNT): there, the account of that name, if it has one. */
  account?: string;
  git?: MovedGit;
  /** Its files: the bundle, then each transcript (its pattern, and its path under the pattern's root). */
  files: Array<{ key: string; size: number; pattern?: string; rel?: string }>;
}

/** What packing needs of the hub the agent runs in. */
export interface PackHost {
  /** The agent as `agents` lists it, or why there is none to move. */
  agent(ref: unknown): {
    id: string;
    name: string;
    cwd: string;
    program: string;
    state: string;
    session?: string | null;
    box?: { name: string };
    account?: string;
    /** What its start set over the hub's environment (an account's config folder). */
    env: Record<string, string>;
  };
  /** Its CLI's transcripts of its conversation, each with the pattern (its CLI's) that found it. */
  transcripts(id: string): Array<{ file: string; pattern: string }>;
  /** How it starts again there: its profile's (its CLI's) resume, or as it ran; null: it cannot be said. */
  resume(id: string): Promise<{ command: string; args?: string[]; resumed: boolean; error?: string } | null>;
  env: NodeJS.ProcessEnv;
}

export async function packAgent(host: PackHost, ref: unknown): Promise<Packed> {
  const a = host.agent(ref);
  if (a.state === 'exited') throw new MoveRefused(`${a.name} has exited: nothing runs to move`, 'exited');
  // A turn in flight would be lost: its conversation moves between turns.
  if (a.session && (a.state === 'running' || a.state === 'waiting'))
    throw new MoveRefused(
      `${a.name} is ${a.state === 'running' ? 'at work' : 'waiting for you'}: move it when its turn is over`,
      'busy',
    );
  const how = await host.resume(a.id);
  if (!how) throw new MoveRefused(`${a.name}: how it starts again is not known (it has no record)`);
  if (how.error) throw new MoveRefused(`${a.name}: its resume failed: ${how.error}`);
  const found = a.session ? host.transcripts(a.id) : [];
  if (how.resumed && found.length === 0)
    throw new MoveRefused(
      `${a.name}: no transcript of its conversation ${a.session ?? ''} was found (its CLI's transcripts, lua/default/clis/): it would start over there`,
      'no_transcript',
    );
  dropStaleTransfers();
  const t = newTransfer();
  try {
    const g = await packGit(a.cwd, t.dir, t.id);
    const files: Packed['files'] = [];
    if (g) files.push({ key: 'bundle', size: fs.statSync(path.join(t.dir, 'bundle')).size });
    found.forEach((f, i) => {
      // (under the folder its CLI kept it in: its account's, else the hub's)
      const rel = underRoot(patternRoot(f.pattern, { ...host.env, ...a.env }, os.homedir()), f.file);
      if (rel === null) return;
      // (a copy: the CLI may write its transcript while the parts cross)
      fs.copyFileSync(f.file, path.join(t.dir, `t${i}`));
      files.push({
        key: `t${i}`,
        size: fs.statSync(path.join(t.dir, `t${i}`)).size,
        pattern: f.pattern,
        rel,
      });
    });
    return {
      transfer: t.id,
      name: a.name,
      command: how.command,
      ...(how.args?.length ? { args: how.args } : {}),
      resumed: how.resumed,
      ...(a.session ? { session: a.session } : {}),
      program: a.program,
      cwd: a.cwd,
      ...(a.box ? { box: a.box.name } : {}),
      ...(a.account ? { account: a.account } : {}),
      ...(g ? { git: g } : {}),
      files,
    };
  } catch (err) {
    dropTransfer(t.id);
    throw err;
  }
}
