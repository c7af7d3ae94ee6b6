// A local model API for driving real agent CLIs into situations (issue 73): Anthropic Messages,
// OpenAI Responses and OpenAI Chat Completions, all streaming. What a main request (one that offers
// tools) gets is read per request from a plan file (MOCK_PLAN), so a person driving the CLI in tmux
// edits the plan between prompts. plan = { steps: [step...] }; the step is picked by how many tool
// results the conversation holds since the user's last message (each prompt starts at step 0).
// step: { text, secs }                 stream text over secs seconds
//       { reason: [headers], secs, text } stream reasoning summaries ("**Header**\n\nbody"), then text
//       { tools: [{ shell: "cmd" } | { tool: "name", args: {} }] }  call tools (several: in parallel)
//       { error: 429, times: n, then: step }   fail n times, then the step
//       { hang: secs, then: step }            headers, then nothing for secs
// plan.prompts = { "WORD": { steps } }: a conversation whose last prompt holds WORD follows those
// steps instead (a subagent's own prompt, issue 99).
// Run: node mock-api.mjs PORT
import http from 'node:http';
import fs from 'node:fs';

const port = Number(process.argv[2] ?? 8765);
const PLAN = process.env.MOCK_PLAN ?? new URL('./plan.json', import.meta.url).pathname;
const LOG = process.env.MOCK_LOG ?? new URL('./mock.log', import.meta.url).pathname;
const log = (s) => fs.appendFileSync(LOG, `${new Date().toISOString()} ${s}\n`);
const plan = () => {
  try {
    return JSON.parse(fs.readFileSync(PLAN, 'utf8'));
  } catch {
    return { steps: [] };
  }
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fails = new Map();
let ids = 0;

function toolsOf(body) {
  const out = [];
  for (const t of body.tools ?? []) {
    const f = t.function ?? t;
    if (typeof f.name === 'string') out.push({ name: f.name, params: f.parameters ?? f.input_schema ?? {} });
    for (const i of t.tools ?? []) out.push({ name: `${t.name}__${i.name}`, params: i.parameters ?? {}, ns: t.name, own: i.name });
    // (Gemini: { functionDeclarations: [{ name, parameters | parametersJsonSchema }] })
    for (const d of t.functionDeclarations ?? []) out.push({ name: d.name, params: d.parameters ?? d.parametersJsonSchema ?? {} });
  }
  return out;
}

/** Tool results since the last user prompt (all three APIs). */
function resultsSinceUser(body) {
  let n = 0;
  for (const m of body.messages ?? []) {
    if (m.role === 'user') {
      const c = Array.isArray(m.content) ? m.content : [{ type: 'text' }];
      const results = c.filter((x) => x.type === 'tool_result').length;
      if (results) n += results;
      else n = 0;
    } else if (m.role === 'tool') n++;
  }
  for (const c of body.contents ?? []) {
    const parts = c.parts ?? [];
    const results = parts.filter((x) => x.functionResponse).length;
    if (c.role === 'user') n = results ? n + results : parts.some((x) => typeof x.text === 'string') ? 0 : n;
  }
  for (const i of body.input ?? []) {
    if (i.role === 'user' && (i.type === 'message' || !i.type)) {
      const text = JSON.stringify(i.content ?? '');
      if (!/<environment_context>|<user_instructions>|AGENTS\.md/.test(text)) n = 0;
    } else if (/_call_output$/.test(i.type ?? '')) n++;
  }
  return n;
}

/** The text of the user's last prompt (all three APIs), environment blocks aside. */
function lastPrompt(body) {
  let last = '';
  const text = (c) => (typeof c === 'string' ? c : Array.isArray(c) ? c.map((x) => (typeof x.text === 'string' ? x.text : '')).join(' ') : '');
  for (const m of body.messages ?? []) if (m.role === 'user' && text(m.content).trim()) last = text(m.content);
  for (const c of body.contents ?? []) if (c.role === 'user' && text(c.parts).trim()) last = text(c.parts);
  for (const i of body.input ?? []) {
    const t = i.role === 'user' ? text(i.content) : '';
    if (t.trim() && !/<environment_context>|<user_instructions>|AGENTS\.md/.test(t)) last = t;
  }
  return last;
}

/** The steps for this conversation: plan.prompts' when its last prompt names one, else plan.steps. */
function stepsFor(p, body) {
  const prompt = lastPrompt(body);
  for (const [word, sub] of Object.entries(p.prompts ?? {})) if (prompt.includes(word)) return sub.steps ?? [];
  return p.steps ?? [];
}

/** The step's calls as tool name + arguments JSON for what the CLI offers. */
function callsFor(step, tools) {
  return step.tools.map((c) => {
    if (c.tool) {
      const t = tools.find((x) => x.name === c.tool || x.name.endsWith(`__${c.tool}`) || x.name.endsWith(`_${c.tool}`));
      return t ? { t, args: c.args ?? {} } : { t: { name: c.tool }, args: c.args ?? {} };
    }
    const t =
      tools.find((x) => /^(shell|shell_command|exec_command|bash|run_shell_command|Bash)$/i.test(x.name)) ??
      tools.find((x) => /shell|bash|exec/i.test(x.name));
    if (!t) return { t: { name: 'shell' }, args: { command: c.shell } };
    const props = t.params?.properties ?? {};
    let args;
    if (props.cmd) args = { cmd: c.shell };
    else if (props.command?.type === 'array') args = { command: ['bash', '-lc', c.shell] };
    else args = { command: c.shell };
    if (props.description) args.description = c.description ?? `Run ${c.shell}`;
    if (props.workdir && c.workdir) args.workdir = c.workdir;
    if (c.extra) Object.assign(args, c.extra);
    return { t, args };
  });
}

function sseHead(res) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
}
const ev = (res, event, data) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
const chunk = (res, data) => res.write(`data: ${JSON.stringify(data)}\n\n`);

/** Splits text into about n pieces for slow streaming. */
function pieces(text, secs) {
  const words = text.split(/(?<=\s)/);
  const per = Math.max(1, Math.ceil(words.length / Math.max(1, secs * 4)));
  const out = [];
  for (let i = 0; i < words.length; i += per) out.push(words.slice(i, i + per).join(''));
  return out;
}
const gap = (n, secs) => (n ? (secs * 1000) / n : 0);

async function responses(res, body, step, tools) {
  const id = `resp_${++ids}`;
  const response = { id, object: 'response', created_at: Math.floor(Date.now() / 1000), status: 'in_progress', model: body.model, output: [] };
  sseHead(res);
  ev(res, 'response.created', { type: 'response.created', response });
  const output = [];
  let oi = 0;
  if (step.reason) {
    const rid = `rs_${++ids}`;
    ev(res, 'response.output_item.added', { type: 'response.output_item.added', output_index: oi, item: { type: 'reasoning', id: rid, summary: [] } });
    const summary = [];
    const each = ((step.secs ?? 10) * 1000) / step.reason.length;
    for (let si = 0; si < step.reason.length; si++) {
      const text = `**${step.reason[si]}**\n\nLooking at this part of the task in some detail before going on.`;
      ev(res, 'response.reasoning_summary_part.added', { type: 'response.reasoning_summary_part.added', item_id: rid, output_index: oi, summary_index: si, part: { type: 'summary_text', text: '' } });
      const ps = pieces(text, each / 1000);
      for (const p of ps) {
        ev(res, 'response.reasoning_summary_text.delta', { type: 'response.reasoning_summary_text.delta', item_id: rid, output_index: oi, summary_index: si, delta: p });
        await sleep(gap(ps.length, each / 1000));
      }
      ev(res, 'response.reasoning_summary_text.done', { type: 'response.reasoning_summary_text.done', item_id: rid, output_index: oi, summary_index: si, text });
      ev(res, 'response.reasoning_summary_part.done', { type: 'response.reasoning_summary_part.done', item_id: rid, output_index: oi, summary_index: si, part: { type: 'summary_text', text } });
      summary.push({ type: 'summary_text', text });
    }
    const item = { type: 'reasoning', id: rid, summary };
    ev(res, 'response.output_item.done', { type: 'response.output_item.done', output_index: oi, item });
    output.push(item);
    oi++;
  }
  if (step.tools) {
    for (const { t, args } of callsFor(step, tools)) {
      const item = { type: 'function_call', id: `fc_${++ids}`, call_id: `call_${ids}`, name: t.own ?? t.name, ...(t.ns ? { namespace: t.ns } : {}), arguments: JSON.stringify(args), status: 'completed' };
      ev(res, 'response.output_item.added', { type: 'response.output_item.added', output_index: oi, item: { ...item, arguments: '', status: 'in_progress' } });
      ev(res, 'response.output_item.done', { type: 'response.output_item.done', output_index: oi, item });
      output.push(item);
      oi++;
    }
  } else {
    const text = step.text ?? 'Done.';
    const mid = `msg_${++ids}`;
    ev(res, 'response.output_item.added', { type: 'response.output_item.added', output_index: oi, item: { type: 'message', id: mid, role: 'assistant', status: 'in_progress', content: [] } });
    ev(res, 'response.content_part.added', { type: 'response.content_part.added', item_id: mid, output_index: oi, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
    const secs = step.reason ? (step.text_secs ?? 1) : (step.secs ?? 0);
    const ps = pieces(text, secs);
    for (const p of ps) {
      ev(res, 'response.output_text.delta', { type: 'response.output_text.delta', item_id: mid, output_index: oi, content_index: 0, delta: p });
      await sleep(gap(ps.length, secs));
    }
    ev(res, 'response.output_text.done', { type: 'response.output_text.done', item_id: mid, output_index: oi, content_index: 0, text });
    const item = { type: 'message', id: mid, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] };
    ev(res, 'response.output_item.done', { type: 'response.output_item.done', output_index: oi, item });
    output.push(item);
  }
  const usage = { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15 };
  ev(res, 'response.completed', { type: 'response.completed', response: { ...response, status: 'completed', output, usage } });
  res.end();
}

async function chat(res, body, step, tools) {
  const id = `chatcmpl_${++ids}`;
  const base = { id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: body.model };
  const send = (delta, finish = null) => chunk(res, { ...base, choices: [{ index: 0, delta, finish_reason: finish }] });
  if (body.stream === false) {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: step.text ?? 'ok' }, finish_reason: 'stop' }], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } }));
  }
  sseHead(res);
  send({ role: 'assistant', content: '' });
  if (step.reason) {
    const each = (step.secs ?? 10) / step.reason.length;
    for (const h of step.reason) {
      const ps = pieces(`**${h}**\n\nLooking at this part of the task in some detail before going on.\n\n`, each);
      for (const p of ps) {
        send({ reasoning_content: p });
        await sleep(gap(ps.length, each));
      }
    }
  }
  if (step.tools) {
    callsFor(step, tools).forEach(({ t, args }, i) =>
      send({ tool_calls: [{ index: i, id: `call_${++ids}`, type: 'function', function: { name: t.name, arguments: JSON.stringify(args) } }] }),
    );
    send({}, 'tool_calls');
  } else {
    const secs = step.reason ? (step.text_secs ?? 1) : (step.secs ?? 0);
    const ps = pieces(step.text ?? 'Done.', secs);
    for (const p of ps) {
      send({ content: p });
      await sleep(gap(ps.length, secs));
    }
    send({}, 'stop');
  }
  chunk(res, { ...base, choices: [], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } });
  res.write('data: [DONE]\n\n');
  res.end();
}

async function gemini(res, body, step, tools, stream) {
  const usage = { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 };
  const json = body.generationConfig?.responseMimeType === 'application/json' || body.config?.responseMimeType === 'application/json';
  if (!stream) {
    const text = json ? JSON.stringify({ next_speaker: 'user', reasoning: 'The model answered.' }) : step.text ?? 'ok';
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }], usageMetadata: usage }));
  }
  sseHead(res);
  const send = (parts, finish) => chunk(res, { candidates: [{ content: { role: 'model', parts }, index: 0, ...(finish ? { finishReason: finish } : {}) }], usageMetadata: usage });
  if (step.reason) {
    const each = (step.secs ?? 10) / step.reason.length;
    for (const h of step.reason) {
      const ps = pieces(`**${h}**\n\nLooking at this part of the task in some detail before going on.\n\n`, each);
      for (const p of ps) {
        send([{ text: p, thought: true }]);
        await sleep(gap(ps.length, each));
      }
    }
  }
  if (step.tools) {
    send(callsFor(step, tools).map(({ t, args }) => ({ functionCall: { name: t.name, args } })), 'STOP');
  } else {
    const secs = step.reason ? (step.text_secs ?? 1) : (step.secs ?? 0);
    const ps = pieces(step.text ?? 'Done.', secs);
    for (let i = 0; i < ps.length; i++) {
      send([{ text: ps[i] }], i === ps.length - 1 ? 'STOP' : undefined);
      await sleep(gap(ps.length, secs));
    }
  }
  res.end();
}

async function anthropic(res, body, step, tools) {
  const id = `msg_${++ids}`;
  const usage = { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const message = { id, type: 'message', role: 'assistant', model: body.model, content: [], stop_reason: null, stop_sequence: null, usage };
  if (body.stream !== true) {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ ...message, content: [{ type: 'text', text: step.text ?? 'ok' }], stop_reason: 'end_turn' }));
  }
  sseHead(res);
  ev(res, 'message_start', { type: 'message_start', message });
  let bi = 0;
  if (step.reason) {
    ev(res, 'content_block_start', { type: 'content_block_start', index: bi, content_block: { type: 'thinking', thinking: '', signature: '' } });
    const each = (step.secs ?? 10) / step.reason.length;
    for (const h of step.reason) {
      const ps = pieces(`${h}. Looking at this part of the task in some detail before going on.\n\n`, each);
      for (const p of ps) {
        ev(res, 'content_block_delta', { type: 'content_block_delta', index: bi, delta: { type: 'thinking_delta', thinking: p } });
        await sleep(gap(ps.length, each));
      }
    }
    ev(res, 'content_block_delta', { type: 'content_block_delta', index: bi, delta: { type: 'signature_delta', signature: 'sig' } });
    ev(res, 'content_block_stop', { type: 'content_block_stop', index: bi });
    bi++;
  }
  let stop = 'end_turn';
  if (step.tools) {
    stop = 'tool_use';
    for (const { t, args } of callsFor(step, tools)) {
      ev(res, 'content_block_start', { type: 'content_block_start', index: bi, content_block: { type: 'tool_use', id: `toolu_${++ids}`, name: t.name, input: {} } });
      ev(res, 'content_block_delta', { type: 'content_block_delta', index: bi, delta: { type: 'input_json_delta', partial_json: JSON.stringify(args) } });
      ev(res, 'content_block_stop', { type: 'content_block_stop', index: bi });
      bi++;
    }
  } else {
    ev(res, 'content_block_start', { type: 'content_block_start', index: bi, content_block: { type: 'text', text: '' } });
    const secs = step.reason ? (step.text_secs ?? 1) : (step.secs ?? 0);
    const ps = pieces(step.text ?? 'Done.', secs);
    for (const p of ps) {
      ev(res, 'content_block_delta', { type: 'content_block_delta', index: bi, delta: { type: 'text_delta', text: p } });
      await sleep(gap(ps.length, secs));
    }
    ev(res, 'content_block_stop', { type: 'content_block_stop', index: bi });
  }
  ev(res, 'message_delta', { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 5 } });
  ev(res, 'message_stop', { type: 'message_stop' });
  res.end();
}

function errorFor(res, path, status) {
  const retry = status === 429 ? { 'retry-after': '3' } : {};
  res.writeHead(status, { 'content-type': 'application/json', ...retry });
  const msg = status === 429 ? 'Rate limit reached for requests (mock)' : 'The server is overloaded (mock)';
  if (path.includes('GenerateContent') || path.includes(':generateContent')) return res.end(JSON.stringify({ error: { code: status, message: msg, status: status === 429 ? 'RESOURCE_EXHAUSTED' : 'UNAVAILABLE' } }));
  res.end(JSON.stringify(path.endsWith('/messages') ? { type: 'error', error: { type: status === 429 ? 'rate_limit_error' : 'overloaded_error', message: msg } } : { error: { message: msg, type: 'rate_limit_exceeded', code: 'rate_limit_exceeded' } }));
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    let body = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {}
    const path = (req.url ?? '').split('?')[0];
    const tools = toolsOf(body);
    const main = tools.length > 0;
    const n = main ? resultsSinceUser(body) : 0;
    let step = main ? stepsFor(plan(), body)[n] ?? { text: 'Done.' } : { text: 'ok' };
    log(`${req.method} ${path} tools=${tools.length} results=${n} step=${JSON.stringify(step).slice(0, 80)}`);
    if (main && process.env.MOCK_DUMP) fs.writeFileSync(`${LOG}.last.json`, JSON.stringify(body, null, 1));
    try {
      if (step.error) {
        const k = `${n}:${JSON.stringify(step)}`;
        const f = (fails.get(k) ?? 0) + 1;
        fails.set(k, f);
        if (!fails.has(`${k}:t`)) fails.set(`${k}:t`, Date.now());
        // (for_secs: fail every request for that long, however often the CLI retries)
        const failing = step.for_secs ? Date.now() - fails.get(`${k}:t`) < step.for_secs * 1000 : f <= (step.times ?? 1e9);
        if (failing) return errorFor(res, path, step.error);
        step = step.then ?? { text: 'Done.' };
      }
      if (step.hang) {
        await sleep(step.hang * 1000);
        step = step.then ?? { text: 'Done.' };
      }
      if (req.method === 'POST' && path.endsWith('/responses')) return await responses(res, body, step, tools);
      if (req.method === 'POST' && path.endsWith('/chat/completions')) return await chat(res, body, step, tools);
      if (req.method === 'POST' && path.endsWith('/messages')) return await anthropic(res, body, step, tools);
      if (req.method === 'POST' && path.includes(':streamGenerateContent')) return await gemini(res, body, step, tools, true);
      if (req.method === 'POST' && path.includes(':generateContent')) return await gemini(res, body, step, tools, false);
      if (path.includes(':countTokens')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ totalTokens: 10 }));
      }
      if (path.endsWith('/count_tokens')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ input_tokens: 10 }));
      }
      if (path.endsWith('/models')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        // (The Copilot API's catalog: capabilities and policy, which Copilot CLI needs to pick a model.)
        const model = { id: 'gpt-4.1', name: 'GPT-4.1', object: 'model', owned_by: 'mock', vendor: 'OpenAI', version: 'gpt-4.1', preview: false, model_picker_enabled: true, is_chat_default: true, is_chat_fallback: true, capabilities: { type: 'chat', family: 'gpt-4.1', object: 'model_capabilities', tokenizer: 'o200k_base', limits: { max_context_window_tokens: 128000, max_prompt_tokens: 128000, max_output_tokens: 16384 }, supports: { streaming: true, tool_calls: true, parallel_tool_calls: true } }, policy: { state: 'enabled', terms: '' } };
        return res.end(JSON.stringify({ object: 'list', data: [{ id: 'mock-model', object: 'model', owned_by: 'mock' }, model], models: [] }));
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'not_found', message: `mock: no ${path}` } }));
    } catch (e) {
      log(`error ${e}`);
      try { res.end(); } catch {}
    }
  });
});
server.listen(port, '127.0.0.1', () => log(`listening ${port}`));
