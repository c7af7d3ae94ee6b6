// The verbs' older names, one table: a family is named object first (`review.comment`, as tmux
// names `show-options` and git `remote add`), and what scripts, Lua and MCP configurations already
// say keeps working. The socket, `--ssh`, Lua's app:call/app:verb, the web and the CLI all find a
// verb through verbNamed (src/verbs/table.ts), which reads this; `--help` and docs/protocol.md name
// the old name beside the new (src/verbs/verb-docs.ts). A verb is a command of the palette by its
// name too, so the palette's older ids of the same acts are here as well (`app.stop`, the palette's
// `improvements.accept`): keys, `commands.run` and `botster-tui run` find the verb by them
// (src/commands/registry.ts). Wire-level: it imports nothing, so the CLI reads it too.

/** Old name -> the verb's name now. */
export const VERB_ALIASES: Readonly<Record<string, string>> = {
  review_comment: 'review.comment',
  review_comments: 'review.comments',
  review_edit: 'review.edit',
  review_send: 'review.send',
  improvement_revert: 'improvement.revert',
  // What acts on an agent is named `agent.` first: the short names keys, scripts and MCP
  // configurations say (`botster-tui kill 3`, app:spawn) keep working.
  new: 'agent.new',
  spawn: 'agent.new',
  start: 'agent.new',
  start_agent: 'agent.new',
  kill: 'agent.kill',
  stop: 'agent.kill',
  close: 'agent.close',
  restart: 'agent.restart',
  focus: 'agent.focus',
  interrupt: 'agent.interrupt',
  send: 'agent.send',
  agents: 'agent.list',
  move: 'agent.move',
  machines: 'machine.list',
  // (their lists: the app's own fields `agents`, `improvements` and `worktrees` name the lists it holds)
  improvements: 'improvement.list',
  worktrees: 'worktree.list',
  // The palette's older ids of what are verbs now.
  'agent.spawn': 'agent.new',
  'app.stop': 'hub.stop',
  quit: 'hub.stop',
  'app.quit': 'client.quit',
  'app.suspend': 'client.suspend',
  'improvements.accept': 'improvement.accept',
  'improvements.reject': 'improvement.reject',
  // Lua's older request and action names of the same acts (src/hub/requests.ts had them).
  finish_worktree: 'worktree.finish',
  discard_worktree: 'worktree.discard',
  remove_worktree: 'worktree.remove',
  worktree_status: 'worktree.status',
  trust_project: 'project.trust',
  untrust_project: 'project.untrust',
  web_push: 'web.push',
  send_way_out: 'agent.send_way_out',
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
