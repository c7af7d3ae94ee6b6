// What the verbs' declarations in src/verbs/ make (`npm run docs:protocol`: builds, then this with
// --write): docs/protocol.md's table of verbs, docs/mcp.md's list of tools, src/cli/verb-cli.ts (each verb's CLI words and
// flags, which the command line reads without loading the verbs), src/mcp/verb-tools.ts (the
// tools `botster-tui mcp` lists), and Lua's app:NAME for each verb: lua/core/verbs.lua,
// lua/meta/verbs.lua and docs/lua/app.md's table (src/verbs/lua-verbs.ts). Prints the table;
// `--write` writes them all. test/server/verb-docs.test.ts fails when any of them and the
// declarations disagree.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = (p) => import(path.join(root, 'dist', p));
const { VERBS } = await dist('verbs/table.js');
const { verbTable, withVerbTable, cliDeclarations } = await dist('verbs/verb-docs.js');
const { mcpTools, toolTable, withToolTable } = await dist('verbs/mcp-tools.js');
const { luaVerbFile, luaMetaFile, luaVerbTable, withLuaVerbTable, declaredByHand } =
  await dist('verbs/lua-verbs.js');

const table = verbTable(VERBS);
if (process.argv.includes('--write')) {
  const page = path.join(root, 'docs/protocol.md');
  const before = fs.readFileSync(page, 'utf8');
  const now = before.includes('%TABLE%') ? before.replace('%TABLE%', table) : withVerbTable(before, table);
  fs.writeFileSync(page, now);
  const mcpPage = path.join(root, 'docs/mcp.md');
  const mcpBefore = fs.readFileSync(mcpPage, 'utf8');
  const toolsList = toolTable(mcpTools(VERBS));
  fs.writeFileSync(
    mcpPage,
    mcpBefore.includes('%TOOLS%')
      ? mcpBefore.replace('%TOOLS%', toolsList)
      : withToolTable(mcpBefore, toolsList),
  );
  const cliFile = path.join(root, 'src/cli/verb-cli.ts');
  // A verb a line, as JSON (.prettierignore leaves it so): the file grows a line per verb, and the
  // size guard leaves files made here alone (test/architecture/layers.test.ts reads "Made by").
  const cliVerbs = Object.entries(cliDeclarations(VERBS))
    .map(([name, verb]) => `  ${JSON.stringify(name)}: ${JSON.stringify(verb)},`)
    .join('\n');
  fs.writeFileSync(
    cliFile,
    `// Made by scripts/protocol-table.mjs (npm run docs:protocol) from the verbs' declarations
// (src/verbs/): do not edit. The command line reads its verbs' words and flags here without loading
// the verbs (a CLI command stays light); test/server/verb-docs.test.ts fails when it is stale.
import type { CliVerb } from '../verbs/verb-docs.js';

export const VERB_CLI: Readonly<Record<string, CliVerb>> = {
${cliVerbs}
};
`,
  );
  const toolsFile = path.join(root, 'src/mcp/verb-tools.ts');
  const tools = `// Made by scripts/protocol-table.mjs (npm run docs:protocol) from the verbs' declarations
// (src/verbs/, src/verbs/mcp-tools.ts): do not edit. \`botster-tui mcp\` lists these without
// loading the verbs (it starts as an agent's CLI starts); test/server/verb-docs.test.ts fails when stale.
import type { McpTool } from './server.js';

// (a tool a line, as JSON: .prettierignore leaves it so; formatted, the schemas' shared parts
// repeated over some 700 lines)
export const VERB_TOOLS: readonly McpTool[] = [
${mcpTools(VERBS)
  .map((t) => `  ${JSON.stringify(t)},`)
  .join('\n')}
];
`;
  fs.writeFileSync(toolsFile, tools);
  // Lua's app:NAME for each verb, its declarations (a call form lua/meta declares by hand keeps
  // its own) and docs/lua/app.md's table of them.
  fs.writeFileSync(path.join(root, 'lua/core/verbs.lua'), luaVerbFile(VERBS));
  const metaDir = path.join(root, 'lua/meta');
  const byHand = declaredByHand(
    fs
      .readdirSync(metaDir)
      .filter((f) => f.endsWith('.lua') && f !== 'verbs.lua')
      .map((f) => fs.readFileSync(path.join(metaDir, f), 'utf8')),
  );
  fs.writeFileSync(path.join(metaDir, 'verbs.lua'), luaMetaFile(VERBS, byHand));
  const appPage = path.join(root, 'docs/lua/app.md');
  const appBefore = fs.readFileSync(appPage, 'utf8');
  const luaTable = luaVerbTable(VERBS);
  fs.writeFileSync(
    appPage,
    appBefore.includes('%APP_VERBS%')
      ? appBefore.replace('%APP_VERBS%', luaTable)
      : withLuaVerbTable(appBefore, luaTable),
  );
  console.log(
    'docs/protocol.md, docs/mcp.md, docs/lua/app.md, src/cli/verb-cli.ts, src/mcp/verb-tools.ts, lua/core/verbs.lua and lua/meta/verbs.lua written',
  );
} else console.log(table);
