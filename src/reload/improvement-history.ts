import fs from 'node:fs';
import path from 'node:path';
import { createAtomicExclusive, isMissing, writeAtomic } from './atomic-write.js';
import { ImprovementError } from './improvement-error.js';
import {
  sha256,
  toFile,
  type ImprovementGrant,
  type ImprovementSummary,
  type VersionRecord,
} from './improvement-records.js';
import {
  readRecord,
  readState,
  readVersion,
  versionNumbers,
  writeState,
  type StateFile,
} from './improvement-files.js';

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

export { ImprovementError };
export type { ImprovementErrorCode } from './improvement-error.js';
export type { ImprovementGrant, ImprovementSummary, VersionRecord };

const NAME_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

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

  /** The agent that pushed the live version of NAME (null: a file dropped in; undefined: not live). */
  livePusher(name: string): string | null | undefined {
    const { live_version: v } = this.readState(name);
    if (v === null) return undefined;
    try {
      return this.readRecord(name, v).agentId ?? null;
    } catch {
      return undefined;
    }
  }

  /** Is `source` exactly the live version of `name` (so a file with it needs no review)? */
  matchesLive(name: string, source: string): boolean {
    if (!ImprovementHistory.validName(name)) return false;
    // (its own state and record only: each reload asks this of every live file)
    try {
      const state = this.readState(name);
      const live = state.disabled ? null : state.live_version;
      return live !== null && live !== undefined && this.readRecord(name, live).sha256 === sha256(source);
    } catch {
      return false;
    }
  }

  /** Whether NAME is live now (accepted and not disabled). */
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

  /** Every recorded version of NAME, oldest first, with its source (a plugin made of it keeps them). */
  allVersions(name: string): Array<{ record: VersionRecord; source: string }> {
    return this.requireVersions(name).map((v) => this.readVersion(name, v));
  }

  /** Sorted version numbers; recorded ones only (a .json exists) unless `claimed` counts bare .lua too. */
  private versionNumbers(name: string, claimed: boolean): number[] {
    return versionNumbers(this.dirOf(name), claimed);
  }

  private requireVersions(name: string): number[] {
    this.checkName(name);
    const versions = this.versionNumbers(name, false);
    if (versions.length === 0) throw new ImprovementError('unknown_name', `unknown improvement "${name}"`);
    return versions;
  }

  private readState(name: string): StateFile {
    return readState(this.dirOf(name), name);
  }

  private writeState(name: string, state: StateFile): void {
    writeState(this.dirOf(name), state);
  }

  private readRecord(name: string, version: number): VersionRecord {
    return readRecord(this.dirOf(name), name, version);
  }

  /** Record and source, the source checked against its recorded sha256 (improvement-files.ts). */
  private readVersion(name: string, version: number): { record: VersionRecord; source: string } {
    return readVersion(this.dirOf(name), name, version);
  }

  /** State first, then the live file: a crash in between leaves state naming what should be live. */
  private goLive(name: string, version: number, source: string): void {
    this.writeState(name, { live_version: version, disabled: false });
    fs.mkdirSync(this.liveDir, { recursive: true, mode: 0o700 });
    writeAtomic(this.livePath(name), source);
  }
}
