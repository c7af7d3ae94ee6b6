import crypto from 'node:crypto';

// What the history records of each accepted version of an improvement (its vN.json), as the hub
// reads it and as it is written.

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

/** A vN.json as written. */
export interface RecordFile {
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

export function sha256(source: string): string {
  return crypto.createHash('sha256').update(source, 'utf8').digest('hex');
}

export function toFile(r: VersionRecord): RecordFile {
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
export function fromFile(f: RecordFile, name: string, version: number): VersionRecord {
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
