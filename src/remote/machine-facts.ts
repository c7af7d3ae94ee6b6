import type { MachineLink } from './machine-link.js';
import { machineVia } from './machine-spec.js';

// A machine as `machines`, `ls` and Lua's `self.machines` see it, and what the hub says when one
// cannot be reached: why, once (not at every try), and that it is back.

export interface MachineFacts {
  name: string;
  /** How it is reached, as words (`ssh gpu`, `podman exec -i box`). */
  via: string;
  /** The program that reaches it: ssh, podman, kubectl, ... */
  engine: string;
  state: 'connecting' | 'connected' | 'unreachable';
  error?: string;
  /** Seconds until it is tried again (unreachable). */
  retry_in?: number;
  version?: string;
  agents: number;
  bytes_in: number;
  bytes_out: number;
}

export function linkFacts(name: string, l: MachineLink, agents: number, now: number): MachineFacts {
  return {
    name,
    via: machineVia(l.spec),
    engine: l.spec.engine,
    state: l.state,
    ...(l.error ? { error: l.error } : {}),
    // 0 while it is being tried again.
    ...(l.state === 'unreachable'
      ? { retry_in: l.retryAt === null ? 0 : Math.max(0, Math.ceil((l.retryAt - now) / 1000)) }
      : {}),
    ...(l.version ? { version: l.version } : {}),
    agents,
    bytes_in: l.bytesIn,
    bytes_out: l.bytesOut,
  };
}

/**
 * Says why machine `name` cannot be reached, in the log and as a notice, when that is news (`said`:
 * what was said last, null while connected), and that it is back; returns what is said now.
 */
export function outage(
  name: string,
  l: MachineLink,
  said: string | null,
  hub: { log(level: string, message: string): void; notify(text: string): void },
): string | null {
  if (l.state === 'connected') {
    if (said !== null) {
      hub.log('info', `machine ${name}: connected again`);
      hub.notify(`machine ${name} is back`);
    }
    return null;
  }
  if (l.state !== 'unreachable' || !l.error || l.error === said) return said;
  hub.log('info', `machine ${name}: unreachable: ${l.error}`);
  hub.notify(`machine ${name} cannot be reached: ${l.error} (tried again by itself)`);
  return l.error;
}
