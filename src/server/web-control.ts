import {
  ControlError,
  type ControlAnswer,
  type ControlContext,
  type ControlRequest,
} from '../wire/control-request.js';
import { principalOfPeer, sandboxedBy } from './peer-principal.js';
import { PACKAGE_ROOT, displayPath } from '../reload/paths.js';
import { webHub, type WebAdapterDeps } from './web-adapter.js';
import type { WebOffer, WebReveal } from './web-reveal.js';
import { USER } from '../hub/principal.js';
import type * as WebTypes from '../web/index.js';
import { readWebState, removeWebState, writeWebState, type WebState } from './web-state.js';

// `botster-tui web [--port N] [--read-only] [--listen ADDR [--cert F --key F]]`, `web sessions`,
// `web revoke ID|all`, `web stop` on the control socket. Nothing of the web loads until it is
// started (src/web/ is its own bundle). Its answers never carry the address's token: the hub shows
// that to its user (web-reveal.ts). --listen without a certificate of the user's serves the home's
// own (src/web/hub-cert.ts); its fingerprint is said wherever the address is.

type WebModule = typeof WebTypes;
type Server = WebTypes.WebServer;

export class WebControl {
  private server: Server | null = null;
  private module: WebModule | null = null;
  private starting: Promise<Server> | null = null;
  /** Where it listens, as the next server would listen again (web-state.ts). */
  private kept: Omit<WebState, 'sessions'> | null = null;
  /** Takes the web's pusher off app:web_push's door. */
  private unpush: (() => void) | null = null;

  constructor(
    private readonly deps: WebAdapterDeps,
    private readonly reveal: WebReveal,
  ) {}

  async op(req: ControlRequest, ctx?: ControlContext): Promise<ControlAnswer> {
    const action = req.action ?? 'start';
    // A program a plugin, an improvement or an untrusted project ran (process.run of botster-tui,
    // granted or not) is refused everything here: starting the web, listing or ending sessions.
    const sandboxed = ctx ? await sandboxedBy(this.deps.control, ctx) : undefined;
    if (sandboxed)
      throw new ControlError(
        `web ${String(action)}: refused: ${sandboxed} ran this; only you may start the web or list, make or end its sessions`,
        { reason: 'refused' },
      );
    const who = ctx ? await principalOfPeer(this.deps.control, ctx, req) : USER;
    if (who.kind === 'agent') {
      // An agent a plugin, an improvement or an untrusted project started (or one that such an
      // agent started, at any depth) is refused everything, as their programs are.
      const lua = this.deps.control.drive.luaAncestry(who.id);
      if (lua)
        throw new ControlError(
          `web ${String(action)}: refused: agent ${who.id} was started by ${lua} (or by an agent it started); only you may start the web or list, make or end its sessions`,
          { reason: 'refused' },
        );
      // Any other agent may ask for the web (you choose at the hub whether it listens at all), but
      // never list, end or stop your sessions.
      if (action !== 'start')
        throw new ControlError(
          `web ${String(action)}: only you, not an agent, may do that${who.why ? ` (${who.why})` : ''}`,
          { reason: 'refused' },
        );
      return this.askToStart(req, who.id);
    }
    switch (action) {
      case 'start':
        return this.start(req);
      case 'stop': {
        const was = this.server;
        this.server = null;
        this.kept = null;
        removeWebState(this.deps.control.home);
        await was?.close();
        return { stopped: was !== null };
      }
      case 'sessions':
        return {
          listening: this.listening(),
          ...this.fingerprint(),
          sessions: this.server?.sessions.list() ?? [],
        };
      case 'revoke': {
        if (typeof req.id !== 'string' || req.id === '')
          throw new ControlError('web revoke: name a session (web sessions lists them) or all');
        const n = this.server?.sessions.revoke(req.id) ?? 0;
        if (n === 0 && req.id !== 'all')
          throw new ControlError(`web revoke: no session ${req.id}`, { reason: 'no_session' });
        return { revoked: n };
      }
      default:
        throw new ControlError(`web: unknown action "${String(action)}" (start, stop, sessions, revoke)`);
    }
  }

  private listening(): string | null {
    const s = this.server;
    return s ? s.url(false).replace(/\/login\?token=.*$/, '') : null;
  }

  private fingerprint(): { fingerprint?: string } {
    const f = this.server?.fingerprint;
    return f ? { fingerprint: f } : {};
  }

  /** Listens (once), then asks the user at the hub whether to show an address with a token. */
  private async start(req: ControlRequest): Promise<ControlAnswer> {
    const { port, address, readOnly } = startOptions(req);
    const server = await this.serve(port, address, req);
    const base = this.listening()!;
    this.reveal.ask(this.offer(server, readOnly).url, base, server.fingerprint);
    return {
      listening: base,
      ...this.fingerprint(),
      read_only: readOnly,
      shown:
        'the hub asks, in its own window, whether to show the address (Ctrl+g o there opens its question)',
    };
  }

  /**
   * An agent asks (your own shell in the hub is one): nothing listens until you say so at the hub,
   * in a question that names the agent and where the web would listen. Once the web
   * listens (you started it), the agent's ask is the usual one: whether to show an address.
   */
  private askToStart(req: ControlRequest, agent: string): ControlAnswer | Promise<ControlAnswer> {
    const { port, address, readOnly } = startOptions(req);
    if (this.server) return this.start(req);
    const name = this.deps.control.agents.get(agent)?.info.name;
    // (as the hub names agents in its questions: its name, and the id the hub gave it)
    const agentWho = name ? `Agent ${name} (id ${agent})` : `Agent ${agent}`;
    const who = agent === '?' ? 'A caller the hub cannot tell from an agent' : agentWho;
    const where =
      port === 0 ? `${address ?? '127.0.0.1'} (a free port)` : `${address ?? '127.0.0.1'}:${port}`;
    this.reveal.askStart(who, where, async () => {
      const server = await this.serve(port, address, req);
      return this.offer(server, readOnly);
    });
    return {
      listening: null,
      read_only: readOnly,
      shown:
        'the hub asks, in its own window, whether to start the web (a question: Ctrl+g o there opens it); nothing listens until you say so',
    };
  }

  /** The server, listening (started once: two asks at once share the start). */
  private async serve(port: number, address: string | undefined, req: ControlRequest): Promise<Server> {
    if (!this.server) {
      this.starting ??= this.listen(port, address, { cert: req.cert, key: req.key }).finally(
        () => (this.starting = null),
      );
      this.server = await this.starting;
    }
    return this.server;
  }

  private offer(server: Server, readOnly: boolean): WebOffer {
    const web = this.module!;
    return {
      url: () => {
        const url = server.url(readOnly);
        return { url, qr: web.qrLines(url) };
      },
      fingerprint: server.fingerprint,
    };
  }

  private async listen(
    port: number,
    address: string | undefined,
    req: { cert?: unknown; key?: unknown },
    sessions?: WebTypes.SavedSession[],
  ): Promise<Server> {
    this.module ??= await import('../web/index.js');
    let server: Server;
    try {
      const tls =
        typeof req.cert === 'string' && typeof req.key === 'string'
          ? this.module.readTls(req.cert, req.key)
          : address
            ? this.module.hubCertificate(this.deps.control.home, address)
            : undefined;
      server = await this.module.WebServer.start({
        hub: webHub(this.deps),
        root: PACKAGE_ROOT,
        port,
        ...(address ? { address } : {}),
        ...(tls ? { tls: { cert: tls.cert, key: tls.key } } : {}),
        display: displayPath,
        ...(sessions ? { sessions } : {}),
      });
    } catch (err) {
      throw new ControlError(`web: ${(err as Error).message}`, { reason: 'listen' });
    }
    const own = typeof req.cert === 'string' && typeof req.key === 'string';
    this.kept = {
      version: 1,
      port: server.port,
      ...(address ? { address } : {}),
      ...(own ? { cert: req.cert as string, key: req.key as string } : {}),
    };
    server.sessions.onChange(() => this.keep(server));
    this.unpush?.();
    this.unpush =
      this.deps.pushes?.add((m) => {
        server.push(m).then(
          (n) => {
            const of = server.sessions.subscriptions().length;
            if (n + of > 0)
              this.deps.control.log(
                'info',
                `web: pushed to ${n} of ${of} subscriptions${m.agent ? ` (agent ${m.agent})` : ''}`,
              );
          },
          (err: Error) => this.deps.control.log('warn', `web: push: ${err.message}`),
        );
      }) ?? null;
    this.keep(server);
    return server;
  }

  /** Written on every change of its sessions, so a crash loses none (a full disk: said in the log). */
  private keep(server: Server): void {
    if (!this.kept) return; // stopped (or going): nothing is kept any more
    try {
      writeWebState(this.deps.control.home, { ...this.kept, sessions: server.sessions.saved() });
    } catch (err) {
      this.deps.control.log(
        'warn',
        `web: its sessions could not be kept for the next server: ${(err as Error).message}`,
      );
    }
  }

  /**
   * The server before this one had the web on and its agents outlived it (an upgrade, a crash): the
   * web listens again where it did, with the same sessions, so open pages reconnect. What it says
   * (null: there was no web to take over).
   */
  async resume(): Promise<string | null> {
    const home = this.deps.control.home;
    const state = readWebState(home);
    if (!state) return null;
    try {
      this.starting = this.listenAgain(state);
      this.server = await this.starting;
    } catch (err) {
      removeWebState(home);
      return `the web could not listen again on port ${state.port}: ${(err as Error).message.replace(/^web: /, '')} (botster-tui web starts it anew)`;
    } finally {
      this.starting = null;
    }
    const n = state.sessions.length;
    return `the web listens again on ${this.listening()!} with ${n === 1 ? '1 session' : `${n} sessions`}`;
  }

  /** A crashed server may hold its port for a moment after its clients started this one. */
  private async listenAgain(state: WebState): Promise<Server> {
    for (let tries = 0; ; tries++) {
      try {
        return await this.listen(state.port, state.address, state, state.sessions);
      } catch (err) {
        if (tries >= 20 || !/EADDRINUSE/.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Forgets the web for the next server too, unless its agents carry on into one (a crash). */
  async stopFor(keep: boolean): Promise<void> {
    if (!keep) removeWebState(this.deps.control.home);
    await this.dispose();
  }

  /** For tests and the bench: a fresh address with a token, as the hub would show it. */
  tokenUrl(readOnly = false): string | null {
    return this.server?.url(readOnly) ?? null;
  }

  /** Pages open now (their sockets). */
  get pages(): number {
    return this.server?.pages ?? 0;
  }

  async dispose(): Promise<void> {
    const s = this.server;
    this.server = null;
    this.kept = null;
    this.unpush?.();
    this.unpush = null;
    await s?.close();
  }
}

/** What `web` was asked to start: its port (0: a free one), address and whether read-only. */
function startOptions(req: ControlRequest): { port: number; address: string | undefined; readOnly: boolean } {
  const port = req.port === undefined ? 0 : Number(req.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ControlError('web: --port must be a port number');
  return {
    port,
    address: typeof req.listen === 'string' ? req.listen : undefined,
    readOnly: req.read_only === true,
  };
}
