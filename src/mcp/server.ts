// The MCP methods `botster-tui mcp` answers (tools, resources, prompts), over ./rpc.ts. What the
// tools are and how a call reaches the hub are given (./verb-tools.ts, made from the verb table;
// ./entry.ts makes each call one request on the hub's socket), so this file is only the protocol.
import { mcpToolName, verbName } from '../wire/verb-aliases.js';
import { INVALID_PARAMS, RpcError, serveLines, type Handler } from './rpc.js';

/** The protocol versions this server speaks; a client's own is answered when it is one of them. */
const VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'];

export interface McpTool {
  name: string;
  title?: string;
  description: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean; idempotentHint?: boolean };
}

/** A call's typed answer, or why it failed (the words the CLI prints), which the model reads. */
export type ToolResult = { answer: Record<string, unknown> } | { error: string };

export interface McpResource {
  uri: string;
  name: string;
  description: string;
  mimeType: string;
  read(): Promise<string> | string;
}

export interface McpPrompt {
  name: string;
  description: string;
  text(): string;
}

export interface McpParts {
  version: string;
  /** Said to the model as it connects: what this server is for. */
  instructions: string;
  tools: readonly McpTool[];
  call(name: string, args: Record<string, unknown>): Promise<ToolResult>;
  resources: readonly McpResource[];
  prompts: readonly McpPrompt[];
}

/** The handlers of each MCP method this server answers. */
export function mcpHandlers(p: McpParts): Record<string, Handler> {
  const tools = new Map(p.tools.map((t) => [t.name, t]));
  return {
    initialize: (params) => {
      const asked = typeof params.protocolVersion === 'string' ? params.protocolVersion : '';
      return {
        protocolVersion: VERSIONS.includes(asked) ? asked : VERSIONS[0],
        capabilities: { tools: {}, resources: {}, prompts: {} },
        serverInfo: { name: 'botster-tui', title: 'botster-tui hub', version: p.version },
        instructions: p.instructions,
      };
    },
    'notifications/initialized': () => undefined,
    'notifications/cancelled': () => undefined,
    ping: () => ({}),
    'tools/list': () => ({ tools: p.tools }),
    'tools/call': async (params) => {
      const name = params.name;
      // (a verb's older tool name, `kill` for agent_kill, is that tool still: configurations say it)
      const tool =
        typeof name === 'string' ? (tools.get(name) ?? tools.get(mcpToolName(verbName(name)))) : undefined;
      if (!tool) throw new RpcError(INVALID_PARAMS, `no tool ${String(name)} (tools/list lists them)`);
      const args = params.arguments ?? {};
      if (typeof args !== 'object' || Array.isArray(args))
        throw new RpcError(INVALID_PARAMS, `${tool.name}: arguments must be an object`);
      const r = await p.call(tool.name, args as Record<string, unknown>);
      // A tool's failure is the model's to read and act on (isError), not a protocol error.
      if ('error' in r) return { content: [{ type: 'text', text: r.error }], isError: true };
      return {
        content: [{ type: 'text', text: JSON.stringify(r.answer, null, 2) }],
        ...(tool.outputSchema ? { structuredContent: r.answer } : {}),
      };
    },
    'resources/list': () => ({
      resources: p.resources.map(({ uri, name, description, mimeType }) => ({
        uri,
        name,
        description,
        mimeType,
      })),
    }),
    'resources/read': async (params) => {
      const r = p.resources.find((x) => x.uri === params.uri);
      if (!r) throw new RpcError(-32002, `no resource ${String(params.uri)} (resources/list lists them)`);
      return { contents: [{ uri: r.uri, mimeType: r.mimeType, text: await r.read() }] };
    },
    'resources/templates/list': () => ({ resourceTemplates: [] }),
    'prompts/list': () => ({
      prompts: p.prompts.map(({ name, description }) => ({ name, description, arguments: [] })),
    }),
    'prompts/get': (params) => {
      const pr = p.prompts.find((x) => x.name === params.name);
      if (!pr)
        throw new RpcError(INVALID_PARAMS, `no prompt ${String(params.name)} (prompts/list lists them)`);
      return {
        description: pr.description,
        messages: [{ role: 'user', content: { type: 'text', text: pr.text() } }],
      };
    },
  };
}

/** Serves MCP on stdin and stdout until stdin ends (the agent's CLI closed it). */
export function serveMcp(p: McpParts): Promise<void> {
  return serveLines(process.stdin, process.stdout, mcpHandlers(p));
}
