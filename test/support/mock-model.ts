import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A local model for real agent CLIs (issue 69 item 4): enough of the Anthropic Messages API
// (streaming, what Claude Code speaks), the OpenAI Responses API (what Codex speaks) and the Gemini
// API (generateContent and its SSE stream, what Gemini CLI speaks) to answer with scripted tool calls. Every request is recorded as the CLI sent it (its tool list among
// them), so a test checks what the CLI really sends. Side requests (titles, quotas, anything
// without our tools) get a short text.

/** One step of the script: call a tool (its name as the server has it, matched by suffix), or say something and end the turn. */
export type Step = { tool: string; input: Record<string, unknown> } | { text: string };

export interface Recorded {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface MockModel {
  port: number;
  url: string;
  requests: Recorded[];
  /** The tool names the CLI offered in its main requests (the last one seen). */
  tools(): string[];
  /** The tool results the CLI sent back, in order (their text). */
  results(): string[];
  /** Headers every Anthropic answer carries from now on (the account's rate limits: fiveHourHeaders). */
  anthropicHeaders: Record<string, string>;
  /** Its account's 5-hour window is used up until `resetsAt` (epoch seconds): each request is refused with 429, as Anthropic's API refuses it. */
  limited: { resetsAt: number } | null;
  /** What its usage endpoint (GET /api/oauth/usage, Claude Code's /usage) answers, by the bearer token asked with; null: 401. */
  usage: ((token: string) => Record<string, unknown> | null) | null;
  close(): Promise<void>;
}

/** The names of the tools an API request offers (Anthropic: name; Responses: name, or a namespace's tools as <namespace>__<name>). */
function toolNames(body: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const t of (body.tools as Array<Record<string, unknown>> | undefined) ?? []) {
    if (typeof t.name === 'string') out.push(t.name);
    const inner = (t.tools as Array<Record<string, unknown>> | undefined) ?? [];
    // (Codex: { type: 'namespace', name: 'mcp__botster', tools: [{ name: 'agents' }, ...] })
    for (const i of inner) if (typeof i.name === 'string') out.push(`${String(t.name ?? '')}__${i.name}`);
    // (Gemini: { functionDeclarations: [{ name: 'mcp_botster_agents', ... }] })
    const declared = (t.functionDeclarations as Array<Record<string, unknown>> | undefined) ?? [];
    for (const d of declared) if (typeof d.name === 'string') out.push(d.name);
  }
  return out;
}

/** A Gemini functionResponse's text: the tool's output as the CLI hands it to the model. */
function geminiResult(r: unknown): string {
  const o = (r ?? {}) as Record<string, unknown>;
  if (typeof o.output === 'string') return o.output;
  if (Array.isArray(o.content))
    return (o.content as Array<Record<string, unknown>>).map((c) => String(c.text ?? '')).join('');
  if (typeof o.error === 'string') return o.error;
  return JSON.stringify(o);
}

/** How many tool results the conversation holds so far: the script's position. */
function resultsIn(body: Record<string, unknown>): string[] {
  const out: string[] = [];
  const text = (c: unknown): string =>
    typeof c === 'string'
      ? c
      : Array.isArray(c)
        ? c.map((x: Record<string, unknown>) => (typeof x.text === 'string' ? x.text : '')).join('')
        : '';
  for (const m of (body.messages as Array<Record<string, unknown>> | undefined) ?? [])
    if (Array.isArray(m.content))
      for (const c of m.content as Array<Record<string, unknown>>)
        if (c.type === 'tool_result') out.push(text(c.content));
  for (const i of (body.input as Array<Record<string, unknown>> | undefined) ?? [])
    if (
      i.type === 'function_call_output' ||
      i.type === 'custom_tool_call_output' ||
      i.type === 'mcp_tool_call_output'
    )
      out.push(typeof i.output === 'string' ? i.output : JSON.stringify(i.output));
  for (const c of (body.contents as Array<Record<string, unknown>> | undefined) ?? [])
    for (const part of (c.parts as Array<Record<string, unknown>> | undefined) ?? []) {
      const f = part.functionResponse as Record<string, unknown> | undefined;
      if (f) out.push(geminiResult(f.response));
    }
  return out;
}

/** The tool calls the assistant made so far named `name` (Anthropic messages). */
function callsOf(body: Record<string, unknown>, name: string): number {
  let n = 0;
  for (const m of (body.messages as Array<Record<string, unknown>> | undefined) ?? [])
    if (m.role === 'assistant' && Array.isArray(m.content))
      for (const c of m.content as Array<Record<string, unknown>>)
        if (c.type === 'tool_use' && c.name === name) n++;
  return n;
}

/** How many of the script's tool calls the conversation made (ToolSearch is the mock's own). */
function scriptCalls(body: Record<string, unknown>): number {
  const ids = new Set<string>();
  for (const m of (body.messages as Array<Record<string, unknown>> | undefined) ?? [])
    if (m.role === 'assistant' && Array.isArray(m.content))
      for (const c of m.content as Array<Record<string, unknown>>)
        if (c.type === 'tool_use' && c.name !== 'ToolSearch') ids.add(String(c.id));
  return ids.size;
}

/**
 * The step for this request: the first not yet answered, its tool named as the CLI offers it.
 * Claude Code defers MCP tools (their names in the system prompt, their schemas behind its
 * ToolSearch tool): as a model does, the mock loads them first with "select:<names>".
 */
function stepFor(script: readonly Step[], body: Record<string, unknown>, offered: string[]): Step {
  const deferred = [...new Set(JSON.stringify(body).match(/mcp__botster__\w+/g) ?? [])];
  const searched = offered.includes('ToolSearch') ? callsOf(body, 'ToolSearch') : 0;
  if (offered.includes('ToolSearch') && searched === 0 && deferred.some((d) => !offered.includes(d)))
    return {
      tool: 'ToolSearch',
      input: { query: `select:${deferred.join(',')}`, max_results: deferred.length },
    };
  // (Anthropic's messages: the script's calls made so far, each once, whatever else came between)
  const made = Array.isArray(body.messages) ? scriptCalls(body) : resultsIn(body).length - searched;
  const step = script[made] ?? { text: 'Done.' };
  if ('text' in step) return step;
  const names = [...offered, ...deferred];
  const name = names.find(
    (n) => n === step.tool || n.endsWith(`__${step.tool}`) || n.endsWith(`_${step.tool}`),
  );
  return name
    ? { tool: name, input: step.input }
    : { text: `no tool ${step.tool} among ${names.join(', ')}` };
}

// The account's rate limits as OpenAI's API hands them to Codex (response headers), which Codex
// writes into its session file's token_count events: a five-hour and a weekly window.
const CODEX_LIMITS = {
  'x-codex-primary-used-percent': '42',
  'x-codex-primary-window-minutes': '300',
  'x-codex-primary-reset-at': '1900000000',
  'x-codex-secondary-used-percent': '7',
  'x-codex-secondary-window-minutes': '10080',
  'x-codex-secondary-reset-at': '1900500000',
};

const sse = (
  res: http.ServerResponse,
  events: Array<[string, Record<string, unknown>]>,
  headers: Record<string, string> = {},
) => {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
  for (const [event, data] of events) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  res.end();
};

let ids = 0;

/**
 * The account's 5-hour window as Anthropic's API hands it to Claude Code (response headers, a
 * fraction used and the reset in epoch seconds), which its status line reports as rate_limits.
 */
export const fiveHourHeaders = (usedPct: number, resetsAt: number): Record<string, string> => ({
  'anthropic-ratelimit-unified-status': 'allowed',
  'anthropic-ratelimit-unified-5h-utilization': String(usedPct / 100),
  'anthropic-ratelimit-unified-5h-reset': String(resetsAt),
  'anthropic-ratelimit-unified-5h-status': 'allowed',
});

/** The refusal Anthropic's API answers once an account's 5-hour window is used up. */
function refuseLimited(res: http.ServerResponse, resetsAt: number): void {
  res.writeHead(429, {
    'content-type': 'application/json',
    'anthropic-ratelimit-unified-status': 'rejected',
    'anthropic-ratelimit-unified-reset': String(resetsAt),
    'anthropic-ratelimit-unified-representative-claim': 'five_hour',
    'anthropic-ratelimit-unified-5h-status': 'rejected',
    'anthropic-ratelimit-unified-5h-utilization': '1.0',
    'anthropic-ratelimit-unified-5h-reset': String(resetsAt),
    'retry-after': String(Math.max(1, resetsAt - Math.floor(Date.now() / 1000))),
    // (a subscriber's limit is not retried: the CLI stops its turn and says when the window resets)
    'x-should-retry': 'false',
  });
  res.end(
    JSON.stringify({ type: 'error', error: { type: 'rate_limit_error', message: 'Rate limited (mock)' } }),
  );
}

/** Answers an Anthropic Messages request with `step` (streamed when it asked for a stream). */
export function answerAnthropic(
  res: http.ServerResponse,
  body: Record<string, unknown>,
  step: Step,
  headers: Record<string, string> = {},
): void {
  const id = `msg_${++ids}`;
  const usage = {
    input_tokens: 10,
    output_tokens: 5,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
  const message = {
    id,
    type: 'message',
    role: 'assistant',
    model: body.model,
    content: [] as unknown[],
    stop_reason: null,
    stop_sequence: null,
    usage,
  };
  const block: Record<string, unknown> =
    'text' in step
      ? { type: 'text', text: '' }
      : { type: 'tool_use', id: `toolu_${ids}`, name: step.tool, input: {} };
  const delta =
    'text' in step
      ? { type: 'text_delta', text: step.text }
      : { type: 'input_json_delta', partial_json: JSON.stringify(step.input) };
  if (body.stream !== true) {
    const content = 'text' in step ? [{ type: 'text', text: step.text }] : [{ ...block, input: step.input }];
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ ...message, content, stop_reason: 'text' in step ? 'end_turn' : 'tool_use' }));
    return;
  }
  sse(
    res,
    [
      ['message_start', { type: 'message_start', message }],
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: block }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta }],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      [
        'message_delta',
        {
          type: 'message_delta',
          delta: { stop_reason: 'text' in step ? 'end_turn' : 'tool_use', stop_sequence: null },
          usage: { output_tokens: 5 },
        },
      ],
      ['message_stop', { type: 'message_stop' }],
    ],
    headers,
  );
}

/** A Responses tool's name as the call names it: a namespace's tool by its own name and its namespace. */
function responsesName(body: Record<string, unknown>, full: string): { name: string; namespace?: string } {
  for (const t of (body.tools as Array<Record<string, unknown>> | undefined) ?? [])
    for (const i of (t.tools as Array<Record<string, unknown>> | undefined) ?? [])
      if (`${String(t.name)}__${String(i.name)}` === full)
        return { name: String(i.name), namespace: String(t.name) };
  return { name: full };
}

function responses(res: http.ServerResponse, body: Record<string, unknown>, step: Step): void {
  const id = `resp_${++ids}`;
  const item =
    'text' in step
      ? {
          type: 'message',
          id: `msg_${ids}`,
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: step.text, annotations: [] }],
        }
      : {
          type: 'function_call',
          id: `fc_${ids}`,
          call_id: `call_${ids}`,
          ...responsesName(body, step.tool),
          arguments: JSON.stringify(step.input),
          status: 'completed',
        };
  const response = {
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: 'in_progress',
    model: body.model,
    output: [] as unknown[],
  };
  const usage = {
    input_tokens: 10,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: 5,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 15,
  };
  sse(
    res,
    [
      ['response.created', { type: 'response.created', response }],
      [
        'response.output_item.added',
        { type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress' } },
      ],
      ['response.output_item.done', { type: 'response.output_item.done', output_index: 0, item }],
      [
        'response.completed',
        { type: 'response.completed', response: { ...response, status: 'completed', output: [item], usage } },
      ],
    ],
    CODEX_LIMITS,
  );
}

/**
 * Gemini's generateContent (`stream`: its SSE stream, `data:` lines): the step as a model turn. A
 * side request that asks for JSON (its next-speaker check) gets the user's turn.
 */
function gemini(res: http.ServerResponse, body: Record<string, unknown>, step: Step, stream: boolean): void {
  const usageMetadata = { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 };
  const config = (body.generationConfig ?? body.config ?? {}) as Record<string, unknown>;
  const parts =
    config.responseMimeType === 'application/json'
      ? [{ text: JSON.stringify({ next_speaker: 'user', reasoning: 'The model answered.' }) }]
      : 'text' in step
        ? [{ text: step.text }]
        : [{ functionCall: { name: step.tool, args: step.input } }];
  const answer = {
    candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }],
    usageMetadata,
  };
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    return void res.end(JSON.stringify(answer));
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.end(`data: ${JSON.stringify(answer)}\n\n`);
}

/** Starts the model on 127.0.0.1 (a free port); `script` is what it does in the main conversation. */
/** `listen`: the address it listens on (a container reaches the host's bridge address, not 127.0.0.1). */
export async function startMockModel(script: readonly Step[], listen = '127.0.0.1'): Promise<MockModel> {
  const requests: Recorded[] = [];
  let offered: string[] = [];
  let results: string[] = [];
  let waited = 0;
  const model = {
    anthropicHeaders: {} as Record<string, string>,
    limited: null as { resetsAt: number } | null,
    usage: null as ((token: string) => Record<string, unknown> | null) | null,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        // not JSON: recorded as empty
      }
      const path = (req.url ?? '').split('?')[0]!;
      requests.push({ path, headers: req.headers, body });
      if (path.endsWith('/api/oauth/usage')) {
        const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
        const answer = model.usage?.(token) ?? null;
        res.writeHead(answer ? 200 : 401, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(answer ?? { error: 'unauthorized' }));
      }
      // (past its reset the window is open again, as the API's is)
      if (model.limited && model.limited.resetsAt <= Date.now() / 1000) model.limited = null;
      if (model.limited && req.method === 'POST' && path.endsWith('/messages'))
        return refuseLimited(res, model.limited.resetsAt);
      const names = toolNames(body);
      // The main conversation offers the hub's tools; anything else (titles, checks) is a side request.
      const main = names.some((n) => /botster/.test(n)) || /mcp__botster__/.test(JSON.stringify(body));
      if (main) {
        offered = names;
        results = resultsIn(body);
      }
      // A main request (it offers tools) before the CLI has the hub's server connected: "overloaded",
      // which the CLI retries after a moment, as a real model's would be.
      const early = !main && names.length > 0 && path.endsWith('/messages') && (waited += 1) <= 20;
      if (early) {
        res.writeHead(529, { 'content-type': 'application/json', 'retry-after': '1' });
        return res.end(
          JSON.stringify({
            type: 'error',
            error: { type: 'overloaded_error', message: 'mock: MCP not yet connected' },
          }),
        );
      }
      const step = main ? stepFor(script, body, names) : { text: 'ok' };
      if (req.method === 'POST' && path.endsWith('/messages'))
        return answerAnthropic(res, body, step, model.anthropicHeaders);
      if (req.method === 'POST' && path.endsWith('/responses')) return responses(res, body, step);
      if (req.method === 'POST' && path.endsWith(':streamGenerateContent'))
        return gemini(res, body, step, true);
      if (req.method === 'POST' && path.endsWith(':generateContent')) return gemini(res, body, step, false);
      if (path.endsWith(':countTokens')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ totalTokens: 10 }));
      }
      if (path.endsWith('/count_tokens')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ input_tokens: 10 }));
      }
      if (path.endsWith('/models')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ data: [], models: [] }));
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'not_found', message: `mock model: no ${path}` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, listen, resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(model, {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    tools: () => offered,
    results: () => results,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
