import fs from 'node:fs';
import path from 'node:path';
import { isMissing, writeAtomic } from './atomic-write.js';
import { ImprovementError } from './improvement-error.js';
import { fromFile, sha256, type RecordFile, type VersionRecord } from './improvement-records.js';

// One improvement's folder in the history (improvements/.history/NAME/): its versions (vN.lua and
// vN.json) and its state.json, read and checked. `dir` is the folder, `name` the improvement's.

export interface StateFile {
  /** The version that is live, or would be again on enable while disabled. */
  live_version: number | null;
  disabled: boolean;
}

const VERSION_FILE_RE = /^v([1-9][0-9]*)\.(lua|json)$/;

/** Sorted version numbers; recorded ones only (a .json exists) unless `claimed` counts bare .lua too. */
export function versionNumbers(dir: string, claimed: boolean): number[] {
  let files: string[];
  try {
    files = fs.readdirSync(dir);
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

export function readState(dir: string, name: string): StateFile {
  let raw: string;
  try {
    raw = fs.readFileSync(path.join(dir, 'state.json'), 'utf8');
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

export function writeState(dir: string, state: StateFile): void {
  writeAtomic(path.join(dir, 'state.json'), JSON.stringify(state) + '\n');
}

export function readRecord(dir: string, name: string, version: number): VersionRecord {
  const file = path.join(dir, `v${version}.json`);
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
export function readVersion(
  dir: string,
  name: string,
  version: number,
): { record: VersionRecord; source: string } {
  const record = readRecord(dir, name, version);
  let source: string;
  try {
    source = fs.readFileSync(path.join(dir, `v${version}.lua`), 'utf8');
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
