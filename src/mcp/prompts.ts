// The prompt a model asks for to improve the hub it runs in: push, check, look (docs/mcp.md).
import type { McpPrompt } from './server.js';

export const HUB_PROMPTS: readonly McpPrompt[] = [
  {
    name: 'improve-this-hub',
    description: 'change the hub you run in (a key, a layout piece, a command) and check it is live',
    text: () =>
      [
        'You run inside a botster-tui hub: its whole face and behaviour is Lua that reloads as it changes.',
        'To change it, in this order:',
        '1. Learn what is there: read the resource botster://hub/keys (what is bound now) and the Lua API',
        '   (botster://docs/lua/README.md, botster://docs/lua/improvements.md, botster://meta/*.lua).',
        '2. Check the Lua with the `check` tool (source and name): its errors as file:line: message, or what it',
        '   registers; nothing goes live. Then push it as an improvement with the `push` tool: a name and the source.',
        "   The hub's policy (Lua) decides: read the decision in the answer (applied, waiting for the user,",
        '   or refused and why). A refusal says what to change.',
        '3. Look: the `snapshot` tool with `keys` (say "ctrl+g x") presses keys in the live hub and answers',
        '   its frame as text: check the change does what you meant.',
        '4. Nothing you push is permanent until the user keeps it: say what you changed and how to undo it',
        '   (the `improvements` tool lists the versions; `improvement_revert` makes your earlier version live again).',
      ].join('\n'),
  },
];
