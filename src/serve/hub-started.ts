import fs from 'node:fs';
import { format } from 'node:util';
import type { Hub } from '../app/hub.js';
import type { ClaimedControl } from '../server/claim-control.js';
import type { ExtraOps } from '../server/control.js';
import { registerWebAnswer } from '../server/web-reveal.js';
import type { WebReveal } from '../server/web-reveal.js';
import type { WebControl } from '../server/web-control.js';
import { removeWebState } from '../server/web-state.js';
import { crashedPath, diedWith, type SessionFile } from '../lifecycle/session-file.js';
import { trace } from '../trace/trace.js';
import type { readyPipe } from './ready-pipe.js';
import type { ServerHubs } from './server-hubs.js';
import type { StartNotes } from './start-notes.js';

// The server's last phase: the hub started. What the server before left (a crash's agents on
// offer, pipeline runs under way, the web it had on) is taken up, the clients' keys and the
// socket's requests go to the hub, what the start had to say is said, and the configuration is
// watched.

export interface Started {
  home: string;
  version: string;
  size: { cols: number; rows: number };
  hubs: ServerHubs;
  claimed: Pick<ClaimedControl, 'attach' | 'plan'>;
  ops: ExtraOps;
  reveal: WebReveal;
  takeKeys: (hub: Hub) => void;
  web: () => WebControl;
  /** The last server's record, read before this one's agents replaced it. */
  last: SessionFile | null;
  /** --restore brought the recorded agents back (none to offer). */
  restored: boolean;
  /** The agents' names the keepers held (not offered again). */
  adopted: { names: Set<string>; count: number };
  notes: StartNotes;
  notices?: string[];
  clients: () => number;
  pipe: ReturnType<typeof readyPipe>;
}

export async function hubStarted(hub: Hub, s: Started): Promise<void> {
  const { hubs, home } = s;
  hubs.hub = hub;
  // Libraries that print (node-pty logs failed writes to an exited child) go to the hub log.
  const toLog =
    (level: string) =>
    (...args: unknown[]) =>
      hubs.hub?.log.write(level, format(...args));
  console.log = console.info = toLog('info');
  console.warn = toLog('warn');
  console.error = toLog('error');
  // The agents of a server that died here (or an offer nobody answered yet) are offered; --restore
  // brought them back already. Then session.json follows this server's agents.
  const last = s.last;
  if (s.restored) fs.rmSync(crashedPath(home), { force: true });
  else
    hub.sessions.takeCrashed(
      diedWith(last)
        ? { ...last!, agents: last!.agents.filter((a) => !a.name || !s.adopted.names.has(a.name)) }
        : null,
    );
  hub.sessions.record();
  registerWebAnswer(hub.commands, s.reveal);
  // Pipeline runs this home's last server left under way go on (docs/pipelines.md).
  void hub.pipelines.resumeRuns();
  hubs.announceStarted(hub);
  s.takeKeys(hub);
  s.claimed.attach(hub.control, s.ops);
  // The web the server before had on comes back with the agents that outlived it (web-state.ts).
  if (s.adopted.count)
    void s
      .web()
      .resume()
      .then((line) => line && hubs.hub?.log.write('info', `server: ${line}`));
  else removeWebState(home);
  hub.log.write(
    'info',
    `server: pid ${process.pid}, botster-tui ${s.version}, socket ${s.claimed.plan.path}, started at ${s.size.cols}x${s.size.rows}`,
  );
  for (const text of s.notices ?? []) s.notes.add('error', text, true);
  s.notes.say(hub);
  trace('server: hub started');
  hub.sessions.announce(s.clients());
  await hub.config.reviewDroppedImprovements();
  void hub.config
    .watch()
    .catch((err) =>
      hubs.hub?.log.write('error', `watching the configuration failed: ${(err as Error).message}`),
    );
  s.pipe.tell('ready');
  trace('server: ready');
  // Start-up grew V8's young generation (~8 MB): give it back once the hub is quiet.
  hub.agents.memoryTrim.soon();
}
