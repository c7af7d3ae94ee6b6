import path from 'node:path';
import type { ConfigWatcher } from './config-watcher.js';
import type { ProjectFacts } from '../hub/self.js';
import type { Intent } from '../hub/intents.js';
import { displayPath, expandTilde } from './paths.js';
import { TrustStore } from './trust-store.js';
import {
  PROJECT_DIR,
  projectFileHashes,
  projectFiles,
  projectHash,
  projectRootOf,
  type ProjectChanges,
} from './projects.js';

/** How long git's answer for a folder's repository is taken again (a burst of agents in one folder). */
const ROOT_FRESH_MS = 5000;

/** What projects need from the hub. */
export interface ProjectsHost {
  readonly home: string;
  hasAgent(id: string): boolean;
  /** Facts `self` shows (an agent's repository, the projects): into the hub's state. */
  report(intent: Intent): void;
  /** Loads the configuration again (the projects' files included as they are now). */
  load(): Promise<void>;
  /** A save in a project's .botster/. */
  reload(paths: string[]): Promise<void>;
  emit(event: string, payload: Record<string, unknown>, subject: string): void;
  notify(text: string, level?: 'info' | 'error'): void;
  log(message: string): void;
  readonly disposed: boolean;
}

/** A repository with a `.botster/` the hub found (an agent started in it). */
interface Project {
  root: string;
  hash: string;
  trusted: boolean;
  /** The user trusted it once, and its files changed since. */
  changed: boolean;
  /** Which files changed since (null: not known). */
  changes: ProjectChanges | null;
  watcher: ConfigWatcher | null;
  /** Its record in trusted-projects.json lacks the hub's seal (said once in the log). */
  unsealed?: boolean;
}

/**
 * The projects whose configuration is live: each repository an agent started in that has a
 * `.botster/`. Its Lua loads after the user's (trusted) or in a sandbox (not yet trusted); its
 * folder is watched like the user's; trusting it is remembered per path and contents.
 */
export class HubProjects {
  private readonly projects = new Map<string, Project>();
  private readonly seen = new Set<string>();
  /** The repository each agent works in (its top folder), once git said. */
  private readonly repos = new Map<string, string>();
  /** Each folder's repository as git said it lately (its answer, or the question under way). */
  private readonly roots = new Map<
    string,
    { root: Promise<string | null>; at: number; said?: string | null }
  >();
  private readonly store: TrustStore;

  constructor(private readonly hub: ProjectsHost) {
    this.store = new TrustStore(hub.home);
  }

  /** An agent started in `cwd`: its repository is known (agent.repo), and its `.botster/` (if any) joins the configuration. */
  async note(cwd: string, agentId?: string): Promise<void> {
    const root = await this.rootOf(cwd);
    if (root && agentId !== undefined && this.hub.hasAgent(agentId)) {
      this.repos.set(agentId, root);
      this.hub.report({ type: 'agent_facts', id: agentId, facts: { repo: root } });
    }
    if (!root || this.seen.has(root) || this.hub.disposed) return;
    this.seen.add(root);
    const files = projectFiles(root);
    if (files.lua.length === 0 && !files.setup) return;
    const p: Project = { root, hash: '', trusted: false, changed: false, changes: null, watcher: null };
    this.projects.set(root, p);
    this.refresh(p);
    await this.hub.load();
    void this.watch(p);
    this.hub.emit('project_found', { project: this.factsOf(p) }, root);
  }

  /**
   * The repository of `cwd`, git asked once for agents started in one folder within a few seconds:
   * a hub starting 500 agents in one folder ran `git rev-parse` 500 times (~10 ms of this thread's
   * CPU each, the fork included) on its way to taking keys.
   */
  private rootOf(cwd: string): Promise<string | null> {
    const now = Date.now();
    const known = this.roots.get(cwd);
    if (known && now - known.at < ROOT_FRESH_MS) return known.root;
    for (const [k, v] of this.roots) if (now - v.at >= ROOT_FRESH_MS) this.roots.delete(k);
    const entry: { root: Promise<string | null>; at: number; said?: string | null } = {
      root: projectRootOf(cwd),
      at: now,
    };
    void entry.root.then((r) => (entry.said = r));
    this.roots.set(cwd, entry);
    return entry.root;
  }

  /**
   * Asks git for the repository of `cwd` before an agent starts there, so that its first record
   * (and the agent_spawned payload made of it) names its repository already (repoAt).
   */
  async ask(cwd: string): Promise<void> {
    await this.rootOf(cwd);
  }

  /** The repository of `cwd` as git said it lately (undefined: not asked, or not a repository). */
  repoAt(cwd: string): string | undefined {
    const known = this.roots.get(cwd);
    return known && Date.now() - known.at < ROOT_FRESH_MS ? (known.said ?? undefined) : undefined;
  }

  /** The repository an agent works in (agent.repo). */
  repoOf(agentId: string): string | undefined {
    return this.repos.get(agentId);
  }

  forgetAgent(agentId: string): void {
    this.repos.delete(agentId);
  }

  /** `self.projects`, into the hub's state (after any project's trust or files changed). */
  private report(): void {
    this.hub.report({ type: 'hub_facts', facts: { projects: this.list() } });
  }

  /** The projects for readConfigFiles: trusted ones load as the user's files, others sandboxed. */
  forConfig(): Array<{ root: string; trusted: boolean }> {
    return [...this.projects.values()].map((p) => ({ root: p.root, trusted: p.trusted }));
  }

  /** app.projects */
  list(): ProjectFacts[] {
    return [...this.projects.values()].map((p) => this.factsOf(p));
  }

  /** Whether the repository's own setup script may run (it is trusted as it is now). */
  trustedNow(root: string): boolean {
    return this.store.status(root, projectHash(root)).trusted;
  }

  /**
   * The project.trust and project.untrust verbs: trust a project's files as they are now (they load
   * as yours from now on, its setup script runs), or no longer; any folder in a repository with a
   * `.botster/` may be named, found or not yet. Answers what changed; throws why nothing did.
   */
  async trust(where: string, trust: boolean, shown?: string): Promise<string> {
    const hub = this.hub;
    const dir = expandTilde(where);
    const root = this.projects.has(dir) ? dir : await projectRootOf(dir);
    const files = root ? projectFiles(root) : null;
    if (!root || !files || (files.lua.length === 0 && !files.setup))
      throw new Error(`${where} is not in a repository with a ${PROJECT_DIR}/ folder: nothing to trust`);
    const hashes = projectFileHashes(root);
    const hash = projectHash(root);
    // Trust vouches for what the question showed: contents changed since are not trusted unseen.
    if (trust && shown !== undefined && shown !== hash) {
      const known = this.projects.get(root);
      if (known) this.refresh(known);
      throw new Error(
        `${displayPath(root)}/${PROJECT_DIR} changed after the question showed it: not trusted (project.trust asks again, with what changed)`,
      );
    }
    if (trust) this.store.trust(root, hash, hashes);
    else this.store.untrust(root);
    let p = this.projects.get(root);
    if (!p) {
      // named before any agent started there: it joins now
      this.seen.add(root);
      p = { root, hash: '', trusted: false, changed: false, changes: null, watcher: null };
      this.projects.set(root, p);
      void this.watch(p);
    }
    this.refresh(p);
    await hub.load();
    const said = trust
      ? `trusted ${displayPath(p.root)}/${PROJECT_DIR}: its files load as yours (a change asks again)`
      : `${displayPath(p.root)}/${PROJECT_DIR} is not trusted now: its files run in the sandbox`;
    hub.notify(said, 'info');
    return said;
  }

  private refresh(p: Project): void {
    p.hash = projectHash(p.root);
    const s = this.store.status(p.root, p.hash);
    // What loads as yours, and a record that would have without the hub's seal, are said in the log.
    const where = `${displayPath(p.root)}/${PROJECT_DIR}`;
    if (s.unsealed && !p.unsealed)
      this.hub.log(
        `${where}: trusted-projects.json holds a record of it the hub did not seal (written by another program, or before seals): not trusted, it runs in the sandbox (project.trust asks again)`,
      );
    if (s.trusted && !p.trusted)
      this.hub.log(`${where}: trusted (you trusted these contents): its files load as yours`);
    p.unsealed = s.unsealed;
    p.trusted = s.trusted;
    p.changed = s.changed;
    p.changes = s.changes;
    this.report();
  }

  private factsOf(p: Project): ProjectFacts {
    const files = projectFiles(p.root);
    return {
      path: p.root,
      trusted: p.trusted,
      changed: p.changed,
      ...(p.changes ? { changes: p.changes } : {}),
      hash: p.hash,
      files: files.lua.map((f) => path.basename(f)),
      setup: files.setup,
    };
  }

  /** A save in `.botster/` reloads (a trusted project whose files changed goes back to the sandbox and asks again). */
  private async watch(p: Project): Promise<void> {
    const { ConfigWatcher } = await import('./config-watcher.js');
    if (this.hub.disposed) return;
    const dir = path.join(p.root, PROJECT_DIR);
    const root = {
      dir,
      depth: 0,
      wanted: (rel: string) =>
        rel === '' || (!rel.includes('/') && !rel.startsWith('.') && !rel.endsWith('~')),
    };
    p.watcher = new ConfigWatcher(
      [root],
      async (ev) => {
        const was = p.trusted;
        this.refresh(p);
        await this.hub.reload(ev.paths);
        if (was && !p.trusted) this.hub.emit('project_found', { project: this.factsOf(p) }, p.root);
      },
      undefined,
      { log: (m) => this.hub.log(m) },
    );
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.projects.values()].map((p) => p.watcher?.dispose()));
  }
}
