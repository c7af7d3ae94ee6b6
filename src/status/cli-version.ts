import { execFile, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { bridged } from '../box/box-net.js';

// The release of the CLI an agent runs, for a CLI file whose rules differ by release (clis.define's
// `versions`): read from the binary itself, never from the network. First the files beside it (a
// release-named folder, as Claude Code's native install keeps `versions/2.1.331`; the package.json
// of the npm package it sits in), else its own `--version`, run once per binary (its path, size and
// mtime) with a short timeout. Cached for the hub's life: an upgrade changes the mtime.

/** The foreground process of an agent's terminal (src/pty/foreground.ts). */
export interface ForegroundLike {
  pgid: number;
  pid: number;
  argv: string[];
}

const RELEASE = /\b(\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.]+)?)\b/;
const RELEASE_NAME = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?$/;
// Interpreters a CLI runs under: the CLI is their script, not them.
const INTERPRETER = /^(?:node|nodejs|bun|deno|python\d*(?:\.\d+)?|pypy\d*|ruby|sh|bash|dash|zsh)$/;
const PROBE_MS = 5000;
const MAX_CACHE = 64;

/** The release in a `--version` answer ("2.1.331 (Claude Code)", "codex-cli 0.169.0"), or null. */
export function releaseIn(text: string): string | null {
  for (const line of text.split('\n')) {
    const m = RELEASE.exec(line);
    if (m) return m[1];
  }
  return null;
}

// A platform package's version names its platform ("0.169.0-linux-x64", Codex's): not a prerelease.
const PLATFORM = /-(?:linux|darwin|win32|windows|freebsd|android)(?:-[\w.]+)?$/;

/** The release the files beside `file` say: a release-named file or folder, or the package.json above it. */
export function releaseBeside(file: string): string | null {
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return null;
  }
  if (RELEASE_NAME.test(basename(real))) return basename(real);
  let dir = dirname(real);
  for (let i = 0; i < 5 && dir !== dirname(dir); i++, dir = dirname(dir)) {
    if (RELEASE_NAME.test(basename(dir))) return basename(dir);
    const pkg = resolve(dir, 'package.json');
    if (!existsSync(pkg)) continue;
    try {
      const v = (JSON.parse(readFileSync(pkg, 'utf8')) as { version?: unknown }).version;
      return typeof v === 'string' && RELEASE.test(v) ? v.replace(PLATFORM, '') : null;
    } catch {
      return null;
    }
  }
  return null;
}

/** The file a process runs as its program (a script under an interpreter, else its executable), and how to ask it. */
export function binaryOf(fg: ForegroundLike): { file: string; argv: string[] } | null {
  let exe: string | null = null;
  let cwd = '/';
  try {
    exe = readlinkSync(`/proc/${fg.pid}/exe`).replace(/ \(deleted\)$/, '');
    cwd = readlinkSync(`/proc/${fg.pid}/cwd`);
  } catch {
    exe = fg.argv[0] && isAbsolute(fg.argv[0]) ? fg.argv[0] : null;
  }
  if (!exe) return null;
  if (INTERPRETER.test(basename(exe))) {
    const script = fg.argv.slice(1).find((a) => !a.startsWith('-'));
    if (!script) return null;
    const file = resolve(cwd, script);
    return { file, argv: [exe, file, '--version'] };
  }
  return { file: exe, argv: [exe, '--version'] };
}

export class CliVersions {
  /** Binary (path, size, mtime) -> its release; null: it said none. */
  private readonly byBinary = new Map<string, string | null>();
  /** Agent -> the foreground group it was read for, and the binary's key. */
  private readonly byAgent = new Map<string, { pgid: number; key: string | null }>();
  private readonly probes = new Set<ChildProcess>();
  private disposed = false;

  /** `known` is told when a release that was being read is known (look again). */
  constructor(
    private readonly known: (agentId: string) => void,
    private readonly probeMs = PROBE_MS,
  ) {}

  /**
   * The release of the CLI in this agent's foreground, or null (not known yet, or it says none).
   * `probe` false: only what the files beside it say (no `--version` run for a CLI whose rules do
   * not differ by release; a saved case records it when it is there).
   */
  of(agentId: string, fg: ForegroundLike | null, probe = true): string | null {
    if (!fg || this.disposed) return null;
    // (a box's line that starts its network bridge, then execs the CLI: not its program yet)
    if (bridged(fg.argv.slice(1)) !== null) return null;
    const seen = this.byAgent.get(agentId);
    if (seen && seen.pgid === fg.pgid && (!probe || !seen.key || this.byBinary.has(seen.key)))
      return seen.key ? (this.byBinary.get(seen.key) ?? null) : null;
    const bin = binaryOf(fg);
    let key: string | null = null;
    if (bin) {
      try {
        const st = statSync(bin.file);
        key = `${bin.file}\0${st.size}\0${st.mtimeMs}`;
      } catch {
        key = null;
      }
    }
    this.byAgent.set(agentId, { pgid: fg.pgid, key });
    if (!bin || !key) return null;
    if (this.byBinary.has(key)) return this.byBinary.get(key) ?? null;
    const beside = releaseBeside(bin.file);
    if (beside) {
      this.remember(key, beside);
      return beside;
    }
    if (probe) this.probe(agentId, key, bin.argv);
    return null;
  }

  /** The agent is gone. */
  forget(agentId: string): void {
    this.byAgent.delete(agentId);
  }

  dispose(): void {
    this.disposed = true;
    for (const p of this.probes) p.kill('SIGKILL');
    this.probes.clear();
  }

  private remember(key: string, release: string | null): void {
    if (this.byBinary.size >= MAX_CACHE) this.byBinary.delete(this.byBinary.keys().next().value as string);
    this.byBinary.set(key, release);
  }

  private probe(agentId: string, key: string, argv: string[]): void {
    // Asked once per binary: the answer (or none) is cached before it comes.
    this.byBinary.set(key, null);
    const child = execFile(
      argv[0],
      argv.slice(1),
      { timeout: this.probeMs, maxBuffer: 64 * 1024, env: { ...process.env, NO_COLOR: '1', CI: '1' } },
      (err, stdout, stderr) => {
        this.probes.delete(child);
        if (this.disposed) return;
        const release = err ? null : releaseIn(`${stdout}\n${stderr}`);
        this.remember(key, release);
        if (release) this.known(agentId);
      },
    );
    child.stdin?.end();
    this.probes.add(child);
  }
}
