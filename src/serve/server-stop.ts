import { removeWebState } from '../server/web-state.js';
import type { AttachServer } from '../server/attach-server.js';
import type { WebControl } from '../server/web-control.js';
import { plural } from '../hub/plural.js';
import { outOfFiles } from '../wire/open-files.js';
import type { ServerHubs } from './server-hubs.js';
import { StopDeadline } from './stop-deadline.js';

const SIGNALS: Array<[NodeJS.Signals, number]> = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
];

export interface ServerStopOptions {
  home: string;
  hubs: ServerHubs;
  attach: Pick<AttachServer, 'close'>;
  control: { stopListening(): void; close(): Promise<void> };
  /** The web, if it was ever turned on. */
  web: () => WebControl | null;
}

/**
 * How a server ends: stopped (kill-server, app.quit's "stop", a signal, a crash), or handed over to
 * another release (botster-tui upgrade). However it stops, it is gone within 2 s of starting to
 * (stop-deadline.ts); agents not handed to their keepers for the next server go with it, hard.
 */
export function serverStop(o: ServerStopOptions) {
  const { hubs } = o;
  let keeping = false;
  const deadline = new StopDeadline((code, why) => {
    hubs.hub?.log.write('error', `server: ${why}; exiting now`);
    if (!keeping)
      for (const a of hubs.any?.agents.list() ?? [])
        try {
          a.kill('SIGKILL');
        } catch {
          // gone meanwhile
        }
    process.exit(code);
  });

  // session.json follows the agents while the server runs (hub-sessions.ts); as it stops it is
  // written a last time with how it stopped: on purpose (kill-server, "stop": clean) or not (a
  // signal, a reboot, an internal error: the next server offers to resume). A save that fails (a
  // full disk) is said to whoever stopped it.
  let saveError: string | null = null;
  const save = (why: string, clean: boolean) => {
    if (hubs.hub) saveError = hubs.hub.sessions.stop(why, clean);
    return saveError;
  };
  const unsaved = () =>
    saveError ? `; the session could not be saved (${saveError}): --restore cannot start them again` : '';

  let finishing: Promise<void> | null = null;
  let resolveExit: (code: number) => void = () => {};
  const exited = new Promise<number>((r) => (resolveExit = r));
  const stop = (code: number, why: string, clean = false, keep = false) => {
    finishing ??= (async () => {
      deadline.begin(code);
      hubs.hub?.log.write('info', `server: stopping (${why})`);
      save(why, clean);
      const kept = keep ? (hubs.any?.agents.releaseKept() ?? 0) : 0;
      keeping = kept > 0;
      const fate = kept
        ? `${plural(kept, 'agent')} kept running by their keepers, for the next server`
        : 'its agents were stopped';
      // A crash whose agents the keepers hold: the clients start a new server, which adopts them
      // (EXIT crashed; src/client/reattach.ts), so the socket goes first: one reattaching must not
      // connect to this server. Without keepers the agents went with it: the clients stop.
      if (kept) o.control.stopListening();
      deadline.at('telling the clients');
      await o.attach.close(
        kept ? 'crashed' : 'stopped',
        `the hub server stopped (${why}); ${fate}${unsaved()}`,
      );
      // The web goes with the agents: kept for the next server only when they carry on.
      deadline.at('closing the web');
      const web = o.web();
      if (web) await web.stopFor(kept > 0);
      else if (!kept) removeWebState(o.home);
      deadline.at('closing the control socket');
      await o.control.close();
      // (A hub stopped while it still starts its agents is disposed too; its session is not saved.)
      deadline.at('stopping the agents');
      await hubs.any?.dispose();
    })()
      // A stop that throws still ends the process (the deadline is for one that hangs).
      .catch((err) =>
        hubs.hub?.log.write('error', `server: stopping failed: ${(err as Error)?.stack ?? err}`),
      )
      .finally(() => resolveExit(code));
  };

  // botster-tui upgrade: the agents are let go of (their keepers hold them), the clients told to
  // attach again (EXIT restart: they wait for the next server), the session marked as a clean stop.
  const handOver = (to: string) => {
    finishing ??= (async () => {
      deadline.begin(0);
      hubs.hub?.log.write('info', `server: handing over to botster-tui ${to}`);
      save('upgrade', true);
      const kept = hubs.any?.agents.releaseKept() ?? 0;
      keeping = true;
      deadline.at('telling the clients');
      await o.attach.close(
        'restart',
        `the hub server hands over to botster-tui ${to}; ${plural(kept, 'agent')} carry on`,
      );
      deadline.at('closing the control socket');
      await o.control.close();
      deadline.at('letting go of the agents');
      await hubs.any?.dispose();
    })()
      .catch((err) =>
        hubs.hub?.log.write('error', `server: handing over failed: ${(err as Error)?.stack ?? err}`),
      )
      .finally(() => resolveExit(0));
  };

  /** Signals and crashes stop it from now on. */
  const onSignals = () => {
    // A signal while the server stops ends it at once (the stop hangs, or the user insists).
    for (const [sig, code] of SIGNALS) process.on(sig, () => deadline.signal(sig, code) || stop(code, sig));
    process.on('uncaughtException', (err) => {
      hubs.hub?.log.write('error', `uncaught: ${err.stack ?? err}`);
      // A crash lets go of the agents keepers hold: the next server adopts them.
      stop(1, outOfFiles(err) ?? 'an internal error; see the log', false, true);
    });
  };
  return { deadline, save, stop, handOver, exited, onSignals };
}
