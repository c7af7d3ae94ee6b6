import type net from 'node:net';
import { NetGate, type NetGateHost } from '../box/net-gate.js';
import { agentOfLine, type LineDeps } from '../keeper/agent-of-line.js';
import { lineOf } from '../pty/process-tree.js';
import { BoxProxy } from './box-proxy.js';
import { peerCred } from './peer-cred.js';
import { boxNetOf } from '../wire/socket-path.js';

// The network of the hub's boxes: its proxy (box-proxy.ts) on the socket boxes reach, and
// the gate (box/net-gate.ts) that says which agent may reach which host. Who connects is the
// kernel's word (the bridge in the box descends from its agent's keeper), never the request's.

export interface HubBoxNetDeps extends NetGateHost, LineDeps {
  log(level: 'info' | 'warn' | 'error', msg: string): void;
}

export class HubBoxNet {
  readonly gate: NetGate;
  private proxy: BoxProxy | null = null;

  constructor(private readonly deps: HubBoxNetDeps) {
    this.gate = new NetGate(deps);
  }

  /** Listens beside the hub's socket `socket` (a server's hub: boxes find it in box-socket/). */
  listen(socket: string): void {
    const at = boxNetOf(socket);
    if (!at || this.proxy) return;
    const proxy = (this.proxy = new BoxProxy({
      path: at,
      decide: (peer, host, port) => this.decide(peer, host, port),
      log: (m) => this.deps.log('warn', m),
    }));
    proxy
      .listen()
      .catch((err: Error) =>
        this.deps.log('error', `box proxy: boxes with network reach nothing: ${err.message}`),
      );
  }

  private async decide(peer: net.Socket, host: string, port: number): Promise<string | null> {
    const cred = await peerCred(peer);
    const line = cred ? (cred.line ?? lineOf(cred.pid)) : [];
    const id = line.length ? agentOfLine(this.deps, line) : undefined;
    const why = this.gate.decide(id, host, port);
    if (why !== null) this.deps.log('info', `box proxy: ${why}`);
    return why;
  }

  dispose(): void {
    this.proxy?.dispose();
    this.proxy = null;
  }
}
