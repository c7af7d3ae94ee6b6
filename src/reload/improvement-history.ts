import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The on-disk history of improvements pushed by agents.
 *
 *   improvements/NAME.lua                  the live version (only while enabled)
 *   improvements/.history/NAME/vN.lua      every accepted version, never deleted
 *   improvements/.history/NAME/vN.json     its record (decision, agent, sha256, ...)
 *   improvements/.history/NAME/state.json  { live_version, disabled }
 *
 * The hub hot-reloads `*.lua` directly in `improvements/`, so versions live in a dot folder it does
 * not watch, and every write is tmp file + rename so the watcher never sees half a file. All calls
 * are synchronous: within one process they cannot interleave, and across processes (hub and an
 * offline CLI) a version number is claimed with an exclusive link, so two writers never share one.
 */

export interface VersionRecord {
  name: string;
  version: number;
  agentId: string | null;
  decision: string;
  confidence: number;
  reasoning: string;
  at: string;
  sha256: string;
  registers?: unknown;
  /** What the policy granted this version (http, process, git: docs/lua/improvements.md). */
  grant?: ImprovementGrant;
}

/** Capabilities a policy granted an improvement, with the hosts and commands they reach. */
export interface ImprovementGrant {
  granted: string[];
  hosts: string[];
  commands: string[];
}

export interface ImprovementSummary {
  name: string;
  /** The version loaded now; null while disabled. */
  liveVersion: number | null;
  disabled: boolean;
  versions: number;
  latest: VersionRecord | null;
}

export type ImprovementErrorCode =
  'invalid_name' | 'invalid_version' | 'unknown_name' | 'unknown_version' | 'nothing_to_revert' | 'corrupt';

/** Errors the CLI and the control socket can show as they are (message) or branch on (code). */
export class ImprovementError extends Error {
  constructor(
    readonly code: ImprovementErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImprovementError';
  }
}

interface StateFile {
  /** The version that is live, or would be again on enable while disabled. */
  live_version: number | null;
  disabled: boolean;
}

interface RecordFile {
  name: string;
  version: number;
  agent_id: string | null;
  decision: string;
  confidence: number;
  reasoning: string;
  at: string;
  sha256: string;
  registers?: unknown;
  grant?: ImprovementGrant;
}

const NAME_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const VERSION_FILE_RE = /^v([1-9][0-9]*)\.(lua|json)$/;

let tmpCounter = 0;

/** A sibling temp name that never ends in `.lua`, so the hub's `*.lua` watcher ignores it. */
function tmpPathFor(file: string): string {
  tmpCounter += 1;
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${tmpCounter}.tmp`);
}

function writeAtomic(file: string, data: string): void {
  const tmp = tmpPathFor(file);
  try {
    fs.writeFileSync(tmp, data, { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** Like writeAtomic, but fails with EEXIST instead of replacing: link() is atomic and exclusive. */
function createAtomicExclusive(file: string, data: string): boolean {
  const tmp = tmpPathFor(file);
  fs.writeFileSync(tmp, data, { mode: 0o600 });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function sha256(source: string): string {
  return crypto.createHash('sha256').update(source, 'utf8').digest('hex');
}

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

export class ImprovementHistory {
  /** `$BOTSTER_HOME/improvements`, where the hub loads live files from. */
  readonly liveDir: string;
  /** `$BOTSTER_HOME/improvements/.history`. */
  readonly historyDir: string;

  constructor(home: string) {
    this.liveDir = path.join(path.resolve(home), 'improvements');
    this.historyDir = path.join(this.liveDir, '.history');
  }

  /** Names are file names, so only `[a-z0-9][a-z0-9_-]{0,63}`: no dots, slashes or case games. */
  static validName(name: string): boolean {
    return typeof name === 'string' && NAME_RE.test(name);
  }

  /** The live file the hub loads for NAME. */
  livePath(name: string): string {
    this.checkName(name);
    return path.join(this.liveDir, `${name}.lua`);
  }

  /** Records version N+1 of NAME, makes it live and clears `disabled`. */
  accept(
    name: string,
    source: string,
    meta: Omit<VersionRecord, 'name' | 'version' | 'at' | 'sha256'>,
  ): VersionRecord {
    this.checkName(name);
    if (typeof source !== 'string') throw new TypeError(`improvement "${name}": source must be a string`);
    const dir = this.dirOf(name);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });

    // Claim the next free number; another process may take one between the scan and the link.
    let version = Math.max(0, ...this.versionNumbers(name, true)) + 1;
    while (!createAtomicExclusive(path.join(dir, `v${version}.lua`), source)) version += 1;

    const record: VersionRecord = {
      name,
      version,
      agentId: meta.agentId ?? null,
      decision: meta.decision,
      confidence: meta.confidence,
      reasoning: meta.reasoning,
      at: new Date().toISOString(),
      sha256: sha256(source),
      ...(meta.registers === undefined ? {} : { registers: meta.registers }),
      ...(meta.grant?.granted.length ? { grant: meta.grant } : {}),
    };
    writeAtomic(path.join(dir, `v${version}.json`), JSON.stringify(toFile(record), null, 2) + '\n');
    this.goLive(name, version, source);
    return record;
  }

  /** Every improvement with at least one recorded version, sorted by name. */
  list(): ImprovementSummary[] {
    let entries: string[];
    try {
      entries = fs.readdirSync(this.historyDir);
    } catch (err) {
      if (isMissing(err)) return [];
      throw err;
    }
    const out: ImprovementSummary[] = [];
    for (const name of entries.filter((n) => ImprovementHistory.validName(n)).sort()) {
      const versions = this.versionNumbers(name, false);
      if (versions.length === 0) continue;
      const state = this.readState(name);
      out.push({
        name,
        liveVersion: state.disabled ? null : state.live_version,
        disabled: state.disabled,
        versions: versions.length,
        latest: this.readRecord(name, versions[versions.length - 1]),
      });
    }
    return out;
  }

  /** A version's record and source; the latest by default. */
  show(name: string, version?: number): { record: VersionRecord; source: string } {
    const versions = this.requireVersions(name);
    const v = version ?? versions[versions.length - 1];
    this.checkVersion(name, v, versions);
    return this.readVersion(name, v);
  }

  /**
   * Makes an earlier (or any recorded) version live at once; by default the one before the live one
   * (or before the last live one, while disabled). Clears `disabled`.
   */
  revert(name: string, version?: number): VersionRecord {
    const versions = this.requireVersions(name);
    const state = this.readState(name);
    let target: number;
    if (version === undefined) {
      const current = state.live_version ?? versions[versions.length - 1];
      const earlier = versions.filter((v) => v < current);
      if (earlier.length === 0) {
        throw new ImprovementError(
          'nothing_to_revert',
          `improvement "${name}": nothing to revert to (v${current} is its first version)`,
        );
      }
      target = earlier[earlier.length - 1];
    } else {
      this.checkVersion(name, version, versions);
      target = version;
    }
    const { record, source } = this.readVersion(name, target);
    this.goLive(name, target, source);
    return record;
  }

  /** Removes the live file and marks NAME disabled; the history stays. Idempotent. */
  disable(name: string): void {
    this.requireVersions(name);
    const state = this.readState(name);
    this.writeState(name, { live_version: state.live_version, disabled: true });
    fs.rmSync(this.livePath(name), { force: true });
  }

  /** Live again at its last live version (the latest if that is unknown). Rewrites the live file. */
  enable(name: string): VersionRecord {
    const versions = this.requireVersions(name);
    const state = this.readState(name);
    const v =
      state.live_version !== null && versions.includes(state.live_version)
        ? state.live_version
        : versions[versions.length - 1];
    const { record, source } = this.readVersion(name, v);
    this.goLive(name, v, source);
    return record;
  }

  /** Whether NAME is live now (accepted and not disabled). */
  /** Is `source` exactly the live version of `name` (so a file with it needs no review)? */
  /** What the policy granted the live version of NAME (nothing when it granted nothing). */
  liveGrant(name: string): ImprovementGrant | undefined {
    const { live_version: v } = this.readState(name);
    if (v === null) return undefined;
    try {
      return this.readRecord(name, v).grant;
    } catch {
      return undefined; // no record: nothing granted
    }
  }

  matchesLive(name: string, source: string): boolean {
    if (!ImprovementHistory.validName(name)) return false;
    const live = this.list().find((s) => s.name === name)?.liveVersion;
    if (live === null || live === undefined) return false;
    try {
      return this.show(name, live).record.sha256 === sha256(source);
    } catch {
      return false;
    }
  }

  isLive(name: string): boolean {
    if (!ImprovementHistory.validName(name)) return false;
    const state = this.readState(name);
    return !state.disabled && state.live_version !== null;
  }

  /** How many improvements are live now, per the history (for the "at most M live" limit). */
  liveCount(): number {
    return this.list().filter((s) => s.liveVersion !== null).length;
  }

  // ---- internals ----

  private checkName(name: string): void {
    if (!ImprovementHistory.validName(name)) {
      throw new ImprovementError(
        'invalid_name',
        `invalid improvement name ${JSON.stringify(name)}: use 1-64 characters of a-z, 0-9, "_" and "-", starting with a letter or digit`,
      );
    }
  }

  private checkVersion(name: string, version: number, versions: number[]): void {
    if (!Number.isInteger(version) || version < 1) {
      throw new ImprovementError(
        'invalid_version',
        `invalid version ${JSON.stringify(version)}: versions are whole numbers from 1`,
      );
    }
    if (!versions.includes(version)) {
      throw new ImprovementError(
        'unknown_version',
        `improvement "${name}" has no version ${version} (it has ${versions.map((v) => `v${v}`).join(', ')})`,
      );
    }
  }

  private dirOf(name: string): string {
    return path.join(this.historyDir, name);
  }

  /** Sorted version numbers; recorded ones only (a .json exists) unless `claimed` counts bare .lua too. */
  private versionNumbers(name: string, claimed: boolean): number[] {
    let files: string[];
    try {
      files = fs.readdirSync(this.dirOf(name));
    } catch (err) {
      if (isMissing(err)) return [];
      throw err;
    }
    const found = new Set<number>();
    for (const f of files) {
      const m = VERSION_FILE_RE.exec(f);
      if (m && (claimed || m[2] === 'json')) found.add(Number(m[1]));
    }
    return [...found].sort((a, b) => a - b);
  }

  private requireVersions(name: string): number[] {
    this.checkName(name);
    const versions = this.versionNumbers(name, false);
    if (versions.length === 0) throw new ImprovementError('unknown_name', `unknown improvement "${name}"`);
    return versions;
  }

  private readState(name: string): StateFile {
    let raw: string;
    try {
      raw = fs.readFileSync(path.join(this.dirOf(name), 'state.json'), 'utf8');
    } catch (err) {
      if (isMissing(err)) return { live_version: null, disabled: false };
      throw err;
    }
    try {
      const s = JSON.parse(raw) as Partial<StateFile>;
      return {
        live_version:
          typeof s.live_version === 'number' && Number.isInteger(s.live_version) ? s.live_version : null,
        disabled: s.disabled === true,
      };
    } catch {
      throw new ImprovementError('corrupt', `improvement "${name}": state.json is not valid JSON`);
    }
  }

  private writeState(name: string, state: StateFile): void {
    writeAtomic(path.join(this.dirOf(name), 'state.json'), JSON.stringify(state) + '\n');
  }

  private readRecord(name: string, version: number): VersionRecord {
    const file = path.join(this.dirOf(name), `v${version}.json`);
    let parsed: RecordFile;
    try {
      parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as RecordFile;
    } catch (err) {
      if (isMissing(err))
        throw new ImprovementError('unknown_version', `improvement "${name}" has no version ${version}`);
      throw new ImprovementError('corrupt', `improvement "${name}": v${version}.json is not valid JSON`);
    }
    return fromFile(parsed, name, version);
  }

  /**
   * Record and source, checking the source still matches its recorded sha256: agents can write under
   * BOTSTER_HOME, so an edited old version must not go live through revert/enable unreviewed.
   */
  private readVersion(name: string, version: number): { record: VersionRecord; source: string } {
    const record = this.readRecord(name, version);
    let source: string;
    try {
      source = fs.readFileSync(path.join(this.dirOf(name), `v${version}.lua`), 'utf8');
    } catch (err) {
      if (isMissing(err))
        throw new ImprovementError('corrupt', `improvement "${name}": v${version}.lua is missing`);
      throw err;
    }
    if (sha256(source) !== record.sha256) {
      throw new ImprovementError(
        'corrupt',
        `improvement "${name}": v${version}.lua does not match its recorded sha256 (changed on disk after it was accepted)`,
      );
    }
    return { record, source };
  }

  /** State first, then the live file: a crash in between leaves state naming what should be live. */
  private goLive(name: string, version: number, source: string): void {
    this.writeState(name, { live_version: version, disabled: false });
    fs.mkdirSync(this.liveDir, { recursive: true, mode: 0o700 });
    writeAtomic(this.livePath(name), source);
  }
}

function toFile(r: VersionRecord): RecordFile {
  return {
    name: r.name,
    version: r.version,
    agent_id: r.agentId,
    decision: r.decision,
    confidence: r.confidence,
    reasoning: r.reasoning,
    at: r.at,
    sha256: r.sha256,
    ...(r.registers === undefined ? {} : { registers: r.registers }),
    ...(r.grant ? { grant: r.grant } : {}),
  };
}

/** The name and version come from the path, not the file, so a record cannot claim to be another. */
function fromFile(f: RecordFile, name: string, version: number): VersionRecord {
  return {
    name,
    version,
    agentId: typeof f.agent_id === 'string' ? f.agent_id : null,
    decision: String(f.decision),
    confidence: Number(f.confidence),
    reasoning: String(f.reasoning ?? ''),
    at: String(f.at),
    sha256: String(f.sha256),
    ...(f.registers === undefined ? {} : { registers: f.registers }),
    ...(f.grant ? { grant: grantOf(f.grant) } : {}),
  };
}

/** A record's grant as data the sandbox trusts (a hand-edited record cannot smuggle in more than text lists). */
function grantOf(g: unknown): ImprovementGrant {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const o = (g && typeof g === 'object' ? g : {}) as Record<string, unknown>;
  return { granted: list(o.granted), hosts: list(o.hosts), commands: list(o.commands) };
}
