import { PROTOCOL } from './protocol.js';
import { CONTROL_PROTOCOL } from './control-request.js';
import { packageVersion } from './version.js';

/**
 * `botster-tui proxy` says one line before the hub's bytes: which botster-tui answered, the
 * protocols it speaks, the hub's home there, or why there is no hub. The dialing side checks it
 * before anything else crosses (another version is told plainly), and skips lines before it (a
 * login script that prints on a non-interactive shell).
 */
export interface ProxyHello {
  botster: 'proxy';
  version: string;
  /** The attach protocol (src/wire/protocol.ts). */
  protocol: number;
  /** The control protocol (docs/protocol.md). */
  control: number;
  ok: boolean;
  /** The hub's home (ok). */
  home?: string;
  /** no_hub: none runs and --no-start; failed: it could not start. */
  reason?: 'no_hub' | 'failed';
  error?: string;
}

export function helloLine(
  body: { ok: true; home: string } | { ok: false; reason: 'no_hub' | 'failed'; error: string },
): string {
  const hello: ProxyHello = {
    botster: 'proxy',
    version: packageVersion(),
    protocol: PROTOCOL,
    control: CONTROL_PROTOCOL,
    ...body,
  };
  return JSON.stringify(hello) + '\n';
}

/** A line is the proxy's hello (anything else before it is noise of the remote's shell). */
export function parseHello(line: string): ProxyHello | null {
  if (!line.startsWith('{"botster":"proxy"')) return null;
  try {
    const v = JSON.parse(line) as ProxyHello;
    return v && v.botster === 'proxy' && typeof v.version === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** Why we cannot talk to the botster-tui that said `hello` (null: we can). */
export function versionMismatch(hello: ProxyHello, where: string): string | null {
  if (hello.protocol === PROTOCOL && hello.control === CONTROL_PROTOCOL) return null;
  return (
    `${where} runs botster-tui ${hello.version} (attach protocol ${hello.protocol}, control ${hello.control}) and this is botster-tui ${packageVersion()} ` +
    `(attach protocol ${PROTOCOL}, control ${CONTROL_PROTOCOL}): they cannot talk. Install the same version on both machines`
  );
}
