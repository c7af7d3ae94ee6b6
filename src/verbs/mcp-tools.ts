// The MCP tools the verbs make (what src/mcp/verb-tools.ts holds, written by
// scripts/protocol-table.mjs): one per verb that answers once (a stream is the socket's alone),
// its input schema the verb's declared arguments without the socket's envelope, its output schema
// the verb's answer where that is an object (MCP's structured content is one).
import { verbSchema } from './schema.js';
import type { Verb } from './verb.js';

type Json = Record<string, unknown>;

/** A tool as MCP's tools/list says it (src/mcp/server.ts's McpTool). */
export interface VerbTool {
  name: string;
  description: string;
  inputSchema: Json;
  outputSchema?: Json;
  annotations: { readOnlyHint: boolean };
}

export function mcpTools(verbs: readonly Verb[]): VerbTool[] {
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
