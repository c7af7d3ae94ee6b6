import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { tempHome } from '../support/homes.js';

// Agents started in one folder ask git for its repository once (issue 97: a hub starting 500
// agents ran `git rev-parse` 500 times on its main thread); each agent still gets its repo.
const asked = vi.hoisted(() => ({ n: 0 }));
vi.mock('../../src/reload/projects.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/reload/projects.js')>();
  return {
    ...real,
    projectRootOf: (cwd: string) => {
      asked.n++;
      return real.projectRootOf(cwd);
    },
  };
});
const { HubProjects } = await import('../../src/reload/hub-projects.js');

describe('projects: the repository of a folder', () => {
  it('is asked of git once for a burst of agents in one folder, and told to each', async () => {
    const root = tempHome();
    const repo = path.join(root, 'repo');
    const other = path.join(root, 'other');
    fs.mkdirSync(path.join(repo, 'sub'), { recursive: true });
    fs.mkdirSync(other);
    execFileSync('git', ['init', '-q', repo]);
    execFileSync('git', ['init', '-q', other]);
    const told = new Map<string, string>();
    const projects = new HubProjects({
      home: path.join(root, '.botster'),
      hasAgent: () => true,
      report: (i) => {
        const it = i as { type: string; id?: string; facts?: { repo?: string } };
        if (it.type === 'agent_facts' && it.id && it.facts?.repo) told.set(it.id, it.facts.repo);
      },
      load: async () => {},
      reload: async () => {},
      emit: () => {},
      notify: () => {},
      log: () => {},
      disposed: false,
    });
    await Promise.all(Array.from({ length: 20 }, (_, i) => projects.note(path.join(repo, 'sub'), `a${i}`)));
    expect(asked.n).toBe(1);
    await projects.note(path.join(repo, 'sub'), 'late');
    expect(asked.n).toBe(1);
    await projects.note(other, 'b');
    expect(asked.n).toBe(2);
    const real = fs.realpathSync(repo);
    for (let i = 0; i < 20; i++) expect(fs.realpathSync(told.get(`a${i}`)!)).toBe(real);
    expect(fs.realpathSync(told.get('late')!)).toBe(real);
    expect(fs.realpathSync(told.get('b')!)).toBe(fs.realpathSync(other));
  });
});
