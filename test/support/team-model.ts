import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerAnthropic, type Step } from './mock-model.js';

// A local model for a real Claude Code team (Anthropic Messages, streaming): the lead, asked to
// "spawn the team", calls its Agent tool once per teammate name, then says so; anything else (a
// teammate's first task, a message the user typed to it) is answered with a line naming what it
// was asked, so a test sees which agent's turn reached the model.

export interface TeamModel {
  url: string;
  /** The last user text of each turn the model answered. */
  asked: string[];
  /** What each SendMessage call got back (a hook's denial included). */
  results: string[];
  close(): Promise<void>;
}

const text = (c: unknown): string =>
  typeof c === 'string'
    ? c
    : Array.isArray(c)
      ? c.map((x: Record<string, unknown>) => (typeof x.text === 'string' ? x.text : '')).join(' ')
      : '';

type Block = Record<string, unknown>;
const blocks = (m: Record<string, unknown>): Block[] =>
  Array.isArray(m.content) ? (m.content as Block[]) : [];

/**
 * "send to NAME: TEXT" (the last prompt typed): ToolSearch loads SendMessage (a deferred tool),
 * then SendMessage({ to: NAME, message: TEXT }), then a line saying so. What the SendMessage call
 * got back (a PreToolUse hook's denial reads as its result) goes to `results`.
 */
function messaging(msgs: Array<Record<string, unknown>>, results: string[]): Step | null {
  const at = msgs.findLastIndex((m) => m.role === 'user' && /send to \S+: /.test(text(m.content)));
  if (at < 0) return null;
  const [, to, message] = /send to (\S+): ([^\n]+)/.exec(text(msgs[at].content))!;
  const after = msgs.slice(at + 1);
  const calls = after
    .flatMap((m) => (m.role === 'assistant' ? blocks(m) : []))
    .filter((c) => c.type === 'tool_use');
  if (!calls.some((c) => c.name === 'ToolSearch'))
    return { tool: 'ToolSearch', input: { query: 'select:SendMessage' } };
  const sent = calls.find((c) => c.name === 'SendMessage');
  if (!sent) return { tool: 'SendMessage', input: { to, message: message.trim() } };
  for (const m of after)
    for (const b of blocks(m))
      if (b.type === 'tool_result' && b.tool_use_id === sent.id)
        results.push(typeof b.content === 'string' ? b.content : JSON.stringify(b.content));
  return { text: `sent to ${to}` };
}

function decide(
  body: Record<string, unknown>,
  names: string[],
  results: string[],
): { step: Step; asked: string } {
  const msgs = (body.messages as Array<Record<string, unknown>> | undefined) ?? [];
  const users = msgs.filter((m) => m.role === 'user').map((m) => text(m.content));
  const asked = users[users.length - 1] ?? '';
  const message = messaging(msgs, results);
  if (message) return { step: message, asked };
  const calls = msgs.flatMap((m) =>
    m.role === 'assistant' && Array.isArray(m.content)
      ? (m.content as Array<Record<string, unknown>>).filter((c) => c.type === 'tool_use')
      : [],
  );
  if (users.some((u) => u.includes('spawn the team'))) {
    const made = calls.filter((c) => c.name === 'Agent').length;
    const name = names[made];
    if (name)
      return {
        asked,
        step: {
          tool: 'Agent',
          input: {
            description: `${name} work`,
            prompt: `say ${name}`,
            name,
            subagent_type: 'general-purpose',
          },
        },
      };
    return { asked, step: { text: 'Team spawned.' } };
  }
  const said = asked.replace(/\s+/g, ' ').trim().slice(-60);
  return { asked, step: { text: `heard: ${said}` } };
}

export async function startTeamModel(names: string[]): Promise<TeamModel> {
  const asked: string[] = [];
  const results: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        // not JSON
      }
      const url = req.url ?? '';
      if (!url.startsWith('/v1/messages') || url.includes('count_tokens')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(url.includes('count_tokens') ? '{"input_tokens":10}' : '{}');
      }
      const tools = ((body.tools as Array<{ name: string }> | undefined) ?? []).map((t) => t.name);
      const { step, asked: a } = tools.length
        ? decide(body, names, results)
        : { step: { text: 'title' }, asked: '' };
      if (tools.length) asked.push(a);
      answerAnthropic(res, body, step);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    asked,
    results,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
