// `botster-tui review comment|comments|edit|send AGENT ...`: the review_* verbs on the hub's socket.
import { ControlClientError, controlRequest } from '../wire/control-client.js';
import { noHubMessage, type ServerTarget } from './agent-commands.js';
import { printable } from '../terminal/printable.js';
import { where } from '../ui/diff/diff-place.js';

const FAILED = 1;
const USAGE = 2;
const NO_HUB = 3;
const NO_AGENT = 6;

export interface ReviewFlags {
  json: boolean;
  busy?: string;
  text?: string;
  handled?: boolean;
  'not-handled'?: boolean;
  remove?: boolean;
  /** send: even where no agent CLI reads it (a shell runs the lines; --shell is its older name). */
  force?: boolean;
}

const USAGE_LINE =
  'botster-tui review comment AGENT FILE:LINE[-LINE][ (removed)] TEXT | comments AGENT | edit AGENT ID [--text T] [--handled] [--remove] | send AGENT [--busy ask|wait|now] [--force]';

class Usage extends Error {}

function request(
  what: string | undefined,
  rest: string[],
  f: ReviewFlags,
): Record<string, unknown> & { op: string } {
  const need = (n: number, words: string) => {
    if (rest.length !== n) throw new Usage(`review ${what} takes ${words} (${USAGE_LINE})`);
  };
  switch (what) {
    case 'comment':
      need(3, 'AGENT FILE:LINE[-LINE][ (removed)] TEXT');
      return { op: 'review_comment', agent: rest[0], at: rest[1], text: rest[2] };
    case 'comments':
      need(1, 'AGENT');
      return { op: 'review_comments', agent: rest[0] };
    case 'edit':
      need(2, 'AGENT ID');
      if (f.text === undefined && !f.handled && !f['not-handled'] && !f.remove)
        throw new Usage('review edit: say what changes: --text TEXT, --handled, --not-handled or --remove');
      return {
        op: 'review_edit',
        agent: rest[0],
        id: rest[1],
        ...(f.text !== undefined ? { text: f.text } : {}),
        ...(f.handled ? { handled: true } : f['not-handled'] ? { handled: false } : {}),
        ...(f.remove ? { remove: true } : {}),
      };
    case 'send':
      need(1, 'AGENT');
      if (f.busy !== undefined && !['ask', 'wait', 'now'].includes(f.busy))
        throw new Usage(`--busy must be ask, wait or now, got "${f.busy}"`);
      return {
        op: 'review_send',
        agent: rest[0],
        ...(f.busy ? { busy: f.busy } : {}),
        ...(f.force ? { force: true } : {}),
      };
    default:
      throw new Usage(
        what === undefined ? `say what: ${USAGE_LINE}` : `unknown review command "${what}" (${USAGE_LINE})`,
      );
  }
}

interface Comment {
  id: string;
  file: string;
  line: number;
  end: number;
  side: 'new' | 'old';
  state: string;
  text: string;
}

export async function runReview(
  t: ServerTarget,
  args: string[],
  f: ReviewFlags,
  io: { out: (s: string) => void; err: (s: string) => void },
): Promise<number> {
  const [what, ...rest] = args;
  let req: Record<string, unknown> & { op: string };
  try {
    req = request(what, rest, f);
  } catch (e) {
    if (e instanceof Usage) return (io.err(e.message), USAGE);
    throw e;
  }
  let reply: Record<string, unknown>;
  try {
    // send may wait for the agent's turn to end.
    reply = await controlRequest(
      t.socket,
      { ...req, ...(t.scope === undefined ? {} : { home: t.scope }) },
      { timeoutMs: what === 'send' ? Infinity : 30_000 },
    );
  } catch (e) {
    if (e instanceof ControlClientError) {
      io.err(e.code === 'NO_HUB' ? noHubMessage(t) : e.message);
      return NO_HUB;
    }
    throw e;
  }
  if (reply.ok !== true) {
    io.err(printable(String(reply.error)));
    return reply.reason === 'no_agent' ? NO_AGENT : reply.reason === 'usage' ? USAGE : FAILED;
  }
  const { id: _id, v: _v, home: _home, ok: _ok, ...rest_ } = reply;
  if (f.json) return (io.out(JSON.stringify({ ok: true, ...rest_ })), 0);
  if (what === 'comments') {
    const list = reply.comments as Comment[];
    if (list.length === 0) io.out('no comments');
    for (const c of list)
      io.out(`${c.id}  ${printable(where(c))}  ${c.state}  ${printable(c.text.replace(/\n/g, ' / '))}`);
  } else if (what === 'send') {
    io.out(
      `sent ${String(reply.sent)} comment${reply.sent === 1 ? '' : 's'}${reply.waited ? ' (after its turn ended)' : ''}`,
    );
  } else {
    const c = reply.comment as Comment;
    io.out(`${c.id}  ${printable(where(c))}  ${reply.removed ? 'deleted' : c.state}`);
  }
  return 0;
}
