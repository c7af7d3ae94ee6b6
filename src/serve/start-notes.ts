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
