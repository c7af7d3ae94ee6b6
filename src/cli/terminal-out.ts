import { printable } from '../terminal/printable.js';

// Where the CLI's commands write their lines: nothing an agent or a file wrote (a reason, a name,
// a title, a comment, an improvement's source, a transcript line) reaches the user's terminal raw.
// Every line goes through printable() here, line feeds and tabs kept; a printer also passes each
// field of one line through printable() (one line: a break in it would start a row of its own).
// Written raw only what is not for a terminal or is the hub's own drawing: a snapshot's frame,
// `read --ansi` (SGR kept, nothing else), Claude Code's status line and hook answers.

export type Out = (line: string) => void;

/** Where a command's bytes go: this process's stdout or stderr, or a native client's (src/cli/forwarded.ts). */
export type Write = (text: string) => void;
const toStdout: Write = (t) => void process.stdout.write(t);
const toStderr: Write = (t) => void process.stderr.write(t);

/** C1 controls and DEL as JSON escapes: what JSON.stringify leaves raw (it escapes the C0 ones). */
const jsonSafe = (line: string) =>
  line.replace(/[\x7f-\x9f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A line as the terminal gets it; `json`: the line is JSON (its text unchanged, only escaped). */
export function shownLine(line: string, json = false): string {
  return printable(json ? jsonSafe(line) : line, { lines: true });
}

/** A command's stdout, one line per call (`json`: its lines are JSON, the --json output). */
export function stdoutLines(json = false, write: Write = toStdout): Out {
  return (line) => void write(shownLine(line, json) + '\n');
}

/** A command's stderr, one line per call, each after `prefix` ("botster-tui status: "). */
export function stderrLines(prefix = 'botster-tui: ', write: Write = toStderr): Out {
  return (line) => void write(prefix + shownLine(line) + '\n');
}

/** `read --ansi`'s stdout: each line keeps its colours and attributes (SGR), no other sequence. */
export function sgrLines(write: Write = toStdout): Out {
  return (line) => void write(printable(line, { sgr: true }) + '\n');
}

/** `value` as JSON a terminal may show as it is (a C1 control or DEL escaped, as the C0 ones are). */
export function jsonText(value: unknown, indent?: number): string {
  return jsonSafe(JSON.stringify(value, null, indent));
}
