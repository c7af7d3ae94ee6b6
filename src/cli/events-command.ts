import { ControlClientError } from '../wire/control-client.js';
import { controlSubscribe } from '../wire/control-subscribe.js';
import { noHubMessage, type ServerTarget } from './agent-commands.js';
import type { Out } from './terminal-out.js';
import { printable } from '../terminal/printable.js';

// `botster-tui events [--json] [--agent A]`: the hub's agent events, one line each, until
// interrupted (exit 0) or the hub stops (a last line, exit 3).

type Agent = { id: string; name: string; command?: string };

export async function runEvents(
  t: ServerTarget,
  agent: string | undefined,
  json: boolean,
  io: { out: Out; err: Out; onInterrupt: (stop: () => void) => void },
): Promise<number> {
  let refused: { error: string; reason: unknown } | null = null;
  let first = true;
  const sub = controlSubscribe(
    t.socket,
    {
      op: 'events',
      ...(agent === undefined ? {} : { agent }),
      ...(t.scope === undefined ? {} : { home: t.scope }),
    },
    (line) => {
      if (first) {
        first = false;
        if (line.ok !== true) {
          refused = { error: String(line.error), reason: line.reason };
          sub.stop();
        }
        return;
      }
      if (line.event === 'hub_stopped') return; // said below, once the connection is gone
      const { v: _v, ok: _ok, id: _id, ...rest } = line;
      io.out(json ? JSON.stringify(rest) : text(rest));
    },
  );
  io.onInterrupt(sub.stop);
  let how: 'stopped' | 'closed';
  try {
    how = await sub.done;
  } catch (e) {
    if (e instanceof ControlClientError)
      return (io.err(e.code === 'NO_HUB' ? noHubMessage(t) : e.message), 3);
    throw e;
  }
  const r = refused as { error: string; reason: unknown } | null;
  if (r) return (io.err(r.error), r.reason === 'no_agent' ? 6 : r.reason === 'usage' ? 2 : 1);
  if (how === 'closed') return 0;
  if (json) io.out(JSON.stringify({ event: 'hub_stopped', at: new Date().toISOString() }));
  else io.err('the hub server stopped');
  return 3;
}

function text(e: Record<string, unknown>): string {
  const a = e.agent as Agent;
  const who = `${printable(a.name)} (id:${a.id})`;
  const at = String(e.at ?? '').slice(11, 19);
  switch (e.event) {
    case 'started':
      return `${at} ${who} started: ${printable(String(a.command ?? ''))}`;
    case 'state_changed':
      return `${at} ${who} ${String(e.from)} -> ${String(e.to)}${e.reason ? `: ${printable(String(e.reason))}` : ''}`;
    case 'title_changed':
      return `${at} ${who} title: ${printable(String(e.title))}`;
    case 'renamed':
      return `${at} ${who} renamed (was ${printable(String(e.from))})`;
    case 'exited':
      return `${at} ${who} exited${e.exit_code !== null && e.exit_code !== undefined ? ` ${String(e.exit_code)}` : ''}${e.signal ? ` (${String(e.signal)})` : ''}`;
    case 'closed':
      return `${at} ${who} closed`;
    default:
      return `${at} ${who} ${printable(String(e.event))}`;
  }
}
