// An agent CLI's side of MCP, run as an agent of a real hub (test/mcp/mcp-server.test.ts): it
// starts `botster-tui mcp` as its child, as Claude Code or Codex would, calls the tool its
// arguments name, and prints what came back (one JSON line).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const [tool, args] = [process.argv[2], JSON.parse(process.argv[3] ?? '{}')];
const client = new Client({ name: 'agent-test', version: '1.0.0' });
await client.connect(new StdioClientTransport({ command: 'botster-tui', args: ['mcp'], env: process.env }));
const r = await client.callTool({ name: tool, arguments: args });
console.log(JSON.stringify(r));
await client.close();
