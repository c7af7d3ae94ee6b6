// A stdio MCP server with one slow tool (slow_lookup: waits `secs` seconds), so a CLI can be seen
// while an MCP tool call runs.
import readline from 'node:readline';
const out = (m) => process.stdout.write(JSON.stringify(m) + '\n');
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let m; try { m = JSON.parse(line); } catch { return; }
  if (m.method === 'initialize') return out({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: m.params?.protocolVersion ?? '2024-11-05', capabilities: { tools: {} }, serverInfo: { name: 'slow', version: '1.0.0' } } });
  if (m.method === 'tools/list') return out({ jsonrpc: '2.0', id: m.id, result: { tools: [{ name: 'slow_lookup', description: 'Look something up slowly', inputSchema: { type: 'object', properties: { query: { type: 'string' }, secs: { type: 'number' } }, required: ['query'] } }] } });
  if (m.method === 'tools/call') { const s = Number(m.params?.arguments?.secs ?? 30); return setTimeout(() => out({ jsonrpc: '2.0', id: m.id, result: { content: [{ type: 'text', text: `found: ${m.params?.arguments?.query}` }] } }), s * 1000); }
  if (m.id !== undefined) out({ jsonrpc: '2.0', id: m.id, result: {} });
});
