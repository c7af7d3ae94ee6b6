import type { Hub } from '../app/hub.js';

type Level = 'info' | 'warn' | 'error';

/**
 * What the server has to say as it starts (a blind socket, keepers it could not adopt, a socket path
 * too long, agents that will not find botster-tui on PATH): gathered before the hub exists, then
 * logged, and the ones for the screen said in one notice (a second would replace the first unread).
 */
export class StartNotes {
  private readonly notes: Array<[level: Level, message: string, onScreen: boolean]> = [];

  add(level: Level, message: string, onScreen: boolean): void {
    this.notes.push([level, message, onScreen]);
  }

  /** Logs what is for the log, and says the rest in one notice (logged too). */
  say(hub: Pick<Hub, 'log' | 'notify'>): void {
    for (const [level, message, onScreen] of this.notes) if (!onScreen) hub.log.write(level, message);
    const shown = this.notes.filter(([, , onScreen]) => onScreen);
    if (shown.length > 0)
      hub.notify(
        shown.map(([, message]) => message).join('; '),
        shown.some(([level]) => level === 'error') ? 'error' : 'info',
      );
  }
}

/**
 * What the socket says of itself: the kernel cannot tell the hub who connects (said once, logged
 * and on screen: every caller is then held to an agent's rules, peer-principal.ts, so the user's
 * own commands meet refusals; this says why first), or its path was too long for a unix socket.
 */
export function socketNotes(
  notes: StartNotes,
  blind: string | null | undefined,
  plan: { path: string; tooLong?: string | null },
): void {
  if (blind)
    notes.add(
      'error',
      `the hub cannot ask the kernel who connects to its socket (${blind}): every command is held to an agent's rules, yours too (docs/security.md)`,
      true,
    );
  if (plan.tooLong)
    notes.add(
      'info',
      `${plan.tooLong} is too long for a unix socket; the hub listens on ${plan.path} (agents get it as BOTSTER_SOCKET)`,
      true,
    );
}
