// Worker threads cannot load .ts under vitest. This transpiles source folders (TypeScript ->
// plain ESM, no type check) into a throw-away folder inside node_modules/.cache, keeping the
// relative layout so relative imports work and bare imports ('wasmoon') resolve from the project.

import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface TranspiledTree {
  /** Folder mirroring PROJECT_ROOT for the transpiled files. */
  root: string;
  /** Absolute path of the transpiled .js for a project-relative .ts path. */
  file(projectRelativeTs: string): string;
  dispose(): Promise<void>;
}

export async function transpileForWorkers(projectRelativeDirs: string[]): Promise<TranspiledTree> {
  const cache = path.join(PROJECT_ROOT, 'node_modules/.cache');
  await mkdir(cache, { recursive: true });
  const root = await mkdtemp(path.join(cache, 'worker-ts-'));
  for (const dir of projectRelativeDirs)
    await transpileDir(path.join(PROJECT_ROOT, dir), path.join(root, dir));
  return {
    root,
    file: (rel) => path.join(root, rel.replace(/\.ts$/, '.js')),
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}

async function transpileDir(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    if (entry.isDirectory()) {
      await transpileDir(src, path.join(to, entry.name));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      const out = ts.transpileModule(await readFile(src, 'utf8'), {
        fileName: src,
        compilerOptions: {
          module: ts.ModuleKind.ESNext,
          target: ts.ScriptTarget.ES2022,
          verbatimModuleSyntax: false,
        },
      });
      await writeFile(path.join(to, entry.name.replace(/\.ts$/, '.js')), out.outputText);
    }
  }
}
