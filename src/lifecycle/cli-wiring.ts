import type { CliInfo } from '../agents/cli-info.js';
import { setCliPackages } from '../agents/package-bin.js';
import { installCliShims } from './cli-shims.js';
import { mcpServer } from './mcp-wiring.js';
import type { Configuration } from '../hub/configuration.js';

// What the hub does with the CLIs a configuration defines (lua/default/clis/): their packages name
// the programs agents run (`npx @openai/codex`), and a server writes their shims (cli-shims.ts).

export interface CliWiringHost {
  home: string;
  /** $BOTSTER_HOME/bin on the agents' PATH; none in a hub that is not a server (tests, snapshots). */
  agentBin?: string;
  warn(message: string): void;
  /** The MCP tools an agent's CLI may run unasked: the verbs declared `looks` (src/verbs/mcp-tools.ts). */
  readTools: readonly string[];
}

export class CliWiring {
  private failed = '';
  /** Every CLI's transcript patterns (lua/default/clis/: `transcripts`), for the search. */
  transcriptPatterns: string[] = [];
  /** The program names shimmed by the last configuration. */
  shimmed: string[] = [];

  constructor(private readonly host: CliWiringHost) {}

  /** The shims' writing, held back (hold() ... release()): the last configuration's, to do. */
  private held: { pending: (() => void) | null } | null = null;

  /** From now until release(), shims wait (a hub's first frame does not need them, its agents do). */
  hold(): void {
    this.held ??= { pending: null };
  }

  /** Writes the shims held back since hold(), and those of every later configuration at once. */
  release(): void {
    const pending = this.held?.pending;
    this.held = null;
    pending?.();
  }

  /** Program globs of the CLIs whose rules differ by release (clis.define's `versions`), as patterns. */
  private versionedPrograms: RegExp[] = [];

  /** Whether the CLI this program is has rules per release (the status detector reads its release then). */
  versioned(program: string): boolean {
    return this.versionedPrograms.some((re) => re.test(program));
  }

  /** A configuration went live: the CLIs it defines get their packages and shims. */
  configured(config: Configuration): void {
    this.configure(config.keymap.clis ?? [], config.settings.mcp !== false);
  }

  /** `mcp`: settings.mcp, each CLI that takes an MCP server gets the hub's in its launches (docs/mcp.md). */
  configure(clis: readonly CliInfo[], mcp = true): void {
    setCliPackages(clis);
    this.transcriptPatterns = [...new Set(clis.flatMap((c) => c.transcripts ?? []))];
    this.versionedPrograms = clis
      .filter((c) => c.versioned)
      .flatMap((c) => [c.name, ...c.programs])
      .map(
        (g) =>
          new RegExp(
            `^${g
              .replace(/[.+^${}()|[\]\\]/g, '\\$&')
              .replace(/\*/g, '.*')
              .replace(/\?/g, '.')}$`,
          ),
      );
    const agentBin = this.host.agentBin;
    if (!agentBin) return;
    if (this.held) return void (this.held.pending = () => this.writeShims(agentBin, clis, mcp));
    this.writeShims(agentBin, clis, mcp);
  }

  private writeShims(agentBin: string, clis: readonly CliInfo[], mcp: boolean): void {
    try {
      this.shimmed = installCliShims(
        this.host.home,
        agentBin,
        clis,
        mcp ? mcpServer(this.host.home, this.host.readTools) : undefined,
      );
      this.failed = '';
    } catch (err) {
      const message = (err as Error).message;
      if (message !== this.failed)
        this.host.warn(`agents' CLIs will not report through their hooks: ${message}`);
      this.failed = message;
    }
  }
}
