import type { Hub } from '../app/hub.js';
import { AttachServer } from '../server/attach-server.js';
import { attachVet } from '../server/attach-vet.js';
import { WebReveal, webQuestionIntent } from '../server/web-reveal.js';
import { plural } from '../hub/plural.js';
import { trace } from '../trace/trace.js';
import { upgradeNotice } from '../wire/version.js';
import { ClientViews, restoreView } from './client-views.js';
import type { ServerHubs } from './server-hubs.js';

export interface ServerClientsOptions {
  home: string;
  version: string;
  hubs: ServerHubs;
  /** Where this server's keepers listen, once the socket is claimed (attach-vet reads it). */
  keepersAt: () => string | undefined;
  /** What the reattach line says of the agents kept (once the keepers were found). */
  adoptedLine: () => string;
}

/**
 * The clients' side of a server: they attach while the hub starts (and get its first frame), their
 * keys wait for it (takeKeys hands them over), the web's address is shown at the hub's own terminal
 * only, and each client hears which view it shows.
 */
export function serverClients(o: ServerClientsOptions) {
  const { hubs } = o;
  // Keys typed before the hub takes them, in order.
  let early: Array<[id: string, data: Buffer]> | null = [];
  let reattachSaid = false;
  const reveal: WebReveal = new WebReveal({
    served: () => {
      const id = hubs.live?.state.clientId;
      const c = id ? attach.list().find((x) => x.id === id) : undefined;
      return c ? { id: c.id, cols: c.cols, rows: c.rows } : null;
    },
    write: (data, client) => void attach.write(data, client),
    redraw: (client) => hubs.live?.clients.redraw(client),
    // No key of the user's asked: it waits as a question behind the badge (docs/questions.md).
    ask: (q) => hubs.any?.dispatch(webQuestionIntent(q)),
    notify: (text, level = 'info') => hubs.any?.notify(text, level),
    holdKeys: (id) => attach.sendKeys(hubs.live?.clients ?? null, id),
  });
  const attach: AttachServer = new AttachServer({
    home: o.home,
    version: o.version,
    attached: (id, cols, rows, machine, view) => {
      hubs.live?.clients.attach(id, cols, rows, machine);
      hubs.hub?.sessions.attached();
      // Once the hub runs with the agents it adopted: the view this client showed before.
      if (view) void hubs.started.then((h) => restoreView(h, id, view));
    },
    detached: (id) => {
      views.forget(id);
      hubs.live?.clients.detach(id);
    },
    resized: (id, cols, rows) => hubs.live?.clients.resize(id, cols, rows),
    redraw: (id, resumed) => {
      if (resumed) hubs.live?.clients.activate(id);
      hubs.live?.clients.redraw(id);
    },
    input: (id, data) =>
      reveal.input(id, data) || (hubs.live ? hubs.live.clients.input(id, data) : early?.push([id, data])),
    spawn: async (specs) => {
      const h = hubs.hub ?? (await hubs.started);
      await h.lifecycle.spawnAsked(specs);
    },
    log: (m) => hubs.hub?.log.write('info', m),
    changed: (n) => {
      trace(`server: ${plural(n, 'client')} attached`);
      hubs.hub?.log.write('info', `attach: ${plural(n, 'client')} attached`);
    },
    otherRelease: (theirs) =>
      void hubs.started.then((h) => h.notify(upgradeNotice(theirs, o.version), 'info')),
    // The kernel says who connects: an agent's process never attaches (its keys would be yours).
    vet: attachVet(() => {
      const keeperDir = o.keepersAt();
      return {
        agents: (hubs.live ?? hubs.building)?.agents ?? { list: () => [] },
        ...(keeperDir ? { keeperDir } : {}),
      };
    }),
    // One line, once: a client that lost its server (or was handed over) says so through this one.
    reattached: (said) => {
      if (reattachSaid) return;
      reattachSaid = true;
      // It stays until the user's next key: notices that come as the hub starts (a waiting
      // question's) must not take it off before it was read.
      void hubs.started.then((h) => h.notify(`${said}; ${o.adoptedLine()}`, 'info', true));
    },
  });
  // What each client was last told it shows (VIEW is sent when that changes).
  const views = new ClientViews(attach);

  // From here the hub gets the clients' keys: the clients that attached while it started, and the
  // keys they typed meanwhile, first.
  const takeKeys = (h: Hub) => {
    if (!early) return;
    hubs.live = h;
    // (Attached at the planned frame already: a resize since then was for a hub not yet live.)
    for (const c of attach.list()) {
      h.clients.attach(c.id, c.cols, c.rows, c.machine);
      h.clients.resize(c.id, c.cols, c.rows);
    }
    const typed = early;
    early = null;
    for (const [id, data] of typed) h.clients.input(id, data);
    attach.sendKeys(h.clients);
  };
  return { attach, reveal, views, takeKeys };
}
