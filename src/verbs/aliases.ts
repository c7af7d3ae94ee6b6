// The verbs' older names, one table: a family is named object first (`review.comment`, as tmux
// names `show-options` and git `remote add`), and what scripts, Lua and MCP configurations already
// say keeps working. The socket, `--ssh`, Lua's app:call/app:verb, the web and the CLI all find a
// verb through verbNamed (./table.ts), which reads this; `--help` and docs/protocol.md name the old
// name beside the new (verb-docs.ts). Wire-level: it imports nothing, so the CLI reads it too.

/** Old name -> the verb's name now. */
export const VERB_ALIASES: Readonly<Record<string, string>> = {
  review_comment: 'review.comment',
  review_comments: 'review.comments',
  review_edit: 'review.edit',
  review_send: 'review.send',
  improvement_revert: 'improvement.revert',
};

/** The verb's name for `name`, whether it is the name or an older one. */
export function verbName(name: string): string {
  return Object.hasOwn(VERB_ALIASES, name) ? VERB_ALIASES[name] : name;
}

/** The older names of the verb `name` (most have none). */
export function aliasesOf(name: string): string[] {
  return Object.keys(VERB_ALIASES).filter((old) => VERB_ALIASES[old] === name);
}

/**
 * The verb's MCP tool name: MCP allows a dot (SEP-986), but the model APIs behind its clients do
 * not (Claude's and OpenAI's tool names match ^[a-zA-Z0-9_-]+$), so `review.comment` is the tool
 * `review_comment` (which is its older name too: the tool's name never changed).
 */
export const mcpToolName = (name: string): string => name.replace(/\./g, '_');
