import { WebControl } from '../server/web-control.js';
import type { WebReveal } from '../server/web-reveal.js';
import type { ServerHubs } from './server-hubs.js';

/**
 * The server's web (docs/web.md), made the first time it is asked for (`botster-tui web`, or the
 * web the server before had on coming back): `current` is null until then.
 */
export function serverWeb(
  hubs: ServerHubs,
  reveal: WebReveal,
): { get(): WebControl; current(): WebControl | null } {
  let web: WebControl | null = null;
  return {
    get: () =>
      (web ??= new WebControl(
        {
          control: hubs.hub!.control,
          lua: hubs.hub!.lua,
          apply: (r, source) => hubs.hub!.runner.applyRequests(r, source),
          emit: (event, payload, subject) => void hubs.hub!.events.emit(event, payload, subject),
          pushes: hubs.hub!.webPushes,
        },
        reveal,
      )),
    current: () => web,
  };
}
