// The MCP tools the verbs make (what src/mcp/verb-tools.ts holds, written by
// scripts/protocol-table.mjs): one per verb that answers once (a stream is the socket's alone),
// its input schema the verb's declared arguments without the socket's envelope, its output schema
// the verb's answer where that is an object (MCP's structured content is one).
import { verbSchema } from '../verbs/schema.js';
import type { Verb } from '../verbs/verb.js';
import type { McpTool } from './server.js';

type Json = Record<string, unknown>;

export function mcpTools(verbs: readonly Verb[]): McpTool[] {
  return verbs
    .filter((v) => !v.stream)
    .map((v) => {
      const s = verbSchema(v);
      const { op: _op, ...properties } = s.args.properties as Json;
      const required = (s.args.required as string[]).filter((k) => k !== 'op');
      const { $schema: _s, title: _t, ...answer } = s.answer;
      return {
        name: v.name,
        description: v.summary,
        inputSchema: { type: 'object', properties, required, additionalProperties: false },
        ...(answer.type === 'object' ? { outputSchema: answer } : {}),
        annotations: { readOnlyHint: v.looks === true },
      };
    });
}
