#!/usr/bin/env node
// A stand-in for `botster-tui mcp` until the hub has it: a stdio MCP server with a read-only tool
// and two that change things, each call logged to $STAND_IN_MCP_LOG. Only what the wiring test needs.
import fs from 'node:fs';

const log = (m) =>
  process.env.STAND_IN_MCP_LOG && fs.appendFileSync(process.env.STAND_IN_MCP_LOG, `${JSON.stringify(m)}\n`);
const TOOLS = [
  {
    name: 'agents',
    description: 'the agents and their states',
    inputSchema: { type: 'object', properties: {} },
    annotations: { readOnlyHint: true },
  },
  {
    name: 'push',
    description: 'push an improvement (Lua) and read the decision',
    inputSchema: {
      type: 'object',
      properties: { name: { type: 'string' }, source: { type: 'string' } },
      required: ['name', 'source'],
    },
    annotations: { readOnlyHint: false, destructiveHint: false },
  },
  {
    name: 'snapshot',
    description: "the hub's frame as text, after pressing keys",
    inputSchema: { type: 'object', properties: { keys: { type: 'string' } } },
    annotations: { readOnlyHint: false, destructiveHint: false },
  },
];
const answer = (id, result) => process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', id, result })}\n`);
let buf = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buf += chunk;
  for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
    const line = buf.slice(0, i);
    buf = buf.slice(i + 1);
    if (!line.trim()) continue;
    const msg = JSON.parse(line);
    log({ method: msg.method, params: msg.params });
    if (msg.id === undefined) continue;
    if (msg.method === 'initialize')
      answer(msg.id, {
        protocolVersion: msg.params?.protocolVersion ?? '2025-06-18',
        capabilities: { tools: {} },
        serverInfo: { name: 'botster', version: '0.0.0-stand-in' },
      });
    else if (msg.method === 'tools/list') answer(msg.id, { tools: TOOLS });
    else if (msg.method === 'tools/call')
      answer(msg.id, {
        content: [
          {
            type: 'text',
            text: `stand-in ${msg.params.name}: ok ${JSON.stringify(msg.params.arguments ?? {})}`,
          },
        ],
      });
    else if (msg.method === 'ping') answer(msg.id, {});
    else
      process.stdout.write(
        `${JSON.stringify({ jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: `no method ${msg.method}` } })}\n`,
      );
  }
});
