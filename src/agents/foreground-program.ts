import type { PtyProcess } from '../pty/pty-process.js';
import { interactiveShell, isShell, programName } from './program-name.js';

/**
 * Which program an agent is running as the user sees it: the one in its terminal's foreground
 * process group when `refresh` last looked (`claude` typed into a shell agent; the shell again
 * once it is back at its prompt), else what its command runs.
 */
export class ForegroundProgram {
  /** The foreground program when refresh last looked; null before it could tell. */
  private foreground: string | null = null;
  /** The foreground's argv when refresh last looked. */
  private argv: string[] | null = null;

  /** `commandProgram`: what the command runs (`env FOO=1 codex` -> codex). */
  constructor(private readonly commandProgram: string) {}

  get program(): string {
    return this.foreground ?? this.commandProgram;
  }

  /** What another hub says runs in the foreground of its agent ('' : it cannot tell). */
  setRemote(program: string): void {
    this.foreground = program || null;
  }

  /**
   * Looks at the foreground process group again (two small /proc reads): true when the program
   * changed.
   */
  refresh(pty: PtyProcess): boolean {
    const argv = pty.foreground();
    this.argv = argv;
    if (!argv) return false;
    const name = programName(argv) || null;
    if (name === null || name === this.foreground) return false;
    const before = this.program;
    this.foreground = name;
    return this.program !== before;
  }

  /**
   * Its foreground is a shell that reads commands from its terminal (not one running a script:
   * `bash ./mini-cli` reads lines as its script says), as refresh last saw it.
   */
  get inInteractiveShell(): boolean {
    return isShell(this.program) && (!this.argv || interactiveShell(this.argv));
  }

  /** A shell back at its own prompt, as the kernel tells it (OSC 133 or not). */
  atShellPrompt(pty: PtyProcess): boolean {
    if (!isShell(this.program)) return false;
    // (the argv refresh read for this check: no second look at /proc)
    if (!this.argv || !interactiveShell(this.argv)) return false;
    return pty.ownsForeground?.() ?? false;
  }
}
