-- Made by scripts/protocol-table.mjs (npm run docs:protocol) from the verbs' declarations
-- (src/verbs/): do not edit. app:NAME for each verb (lua/core/actions.lua __botster.app_verb: a
-- call form written by hand of the same verb keeps its own), and the older names of verbs
-- (src/wire/verb-aliases.ts). test/server/verb-docs.test.ts fails when it is stale.
__botster.verb_aliases = {
  ["agent.spawn"] = "agent.new",
  ["agents"] = "agent.list",
  ["app.quit"] = "client.quit",
  ["app.stop"] = "hub.stop",
  ["app.suspend"] = "client.suspend",
  ["close"] = "agent.close",
  ["discard_worktree"] = "worktree.discard",
  ["finish_worktree"] = "worktree.finish",
  ["focus"] = "agent.focus",
  ["improvement_revert"] = "improvement.revert",
  ["improvements"] = "improvement.list",
  ["improvements.accept"] = "improvement.accept",
  ["improvements.reject"] = "improvement.reject",
  ["interrupt"] = "agent.interrupt",
  ["kill"] = "agent.kill",
  ["machines"] = "machine.list",
  ["move"] = "agent.move",
  ["new"] = "agent.new",
  ["quit"] = "hub.stop",
  ["remove_worktree"] = "worktree.remove",
  ["restart"] = "agent.restart",
  ["review_comment"] = "review.comment",
  ["review_comments"] = "review.comments",
  ["review_edit"] = "review.edit",
  ["review_send"] = "review.send",
  ["send"] = "agent.send",
  ["send_way_out"] = "agent.send_way_out",
  ["spawn"] = "agent.new",
  ["start"] = "agent.new",
  ["start_agent"] = "agent.new",
  ["stop"] = "agent.kill",
  ["trust_project"] = "project.trust",
  ["untrust_project"] = "project.untrust",
  ["web_push"] = "web.push",
  ["worktree_status"] = "worktree.status",
  ["worktrees"] = "worktree.list",
}
__botster.app_verb("ping", "ping")
__botster.app_verb("whoami", "whoami")
__botster.app_verb("snapshot", "snapshot")
__botster.app_verb("push", "push")
__botster.app_verb("check", "check")
__botster.app_verb("improvement_list", "improvement.list")
__botster.app_verb("improvement_revert", "improvement.revert")
__botster.app_verb("agent_list", "agent.list")
__botster.app_verb("agent_send", "agent.send")
__botster.app_verb("message", "message")
__botster.app_verb("permission_ask", "permission.ask")
__botster.app_verb("permission_answer", "permission.answer")
__botster.app_verb("status", "status")
__botster.app_verb("report", "report")
__botster.app_verb("usage", "usage")
__botster.app_verb("sandbox", "sandbox")
__botster.app_verb("agent_new", "agent.new")
__botster.app_verb("wait", "wait")
__botster.app_verb("read", "read")
__botster.app_verb("search", "search")
__botster.app_verb("agent_kill", "agent.kill")
__botster.app_verb("agent_interrupt", "agent.interrupt")
__botster.app_verb("agent_focus", "agent.focus")
__botster.app_verb("agent_close", "agent.close")
__botster.app_verb("agent_restart", "agent.restart")
__botster.app_verb("rename", "rename")
__botster.app_verb("run", "run")
__botster.app_verb("machine_list", "machine.list")
__botster.app_verb("agent_move", "agent.move")
__botster.app_verb("move_pack", "move.pack")
__botster.app_verb("move_part", "move.part")
__botster.app_verb("move_land", "move.land")
__botster.app_verb("pipeline", "pipeline")
__botster.app_verb("plugin_ask", "plugin_ask")
__botster.app_verb("plugin_from_improvement", "plugin_from_improvement")
__botster.app_verb("review_comment", "review.comment")
__botster.app_verb("review_comments", "review.comments")
__botster.app_verb("review_edit", "review.edit")
__botster.app_verb("review_send", "review.send")
__botster.app_verb("worktree_list", "worktree.list")
__botster.app_verb("worktree_status", "worktree.status")
__botster.app_verb("worktree_finish", "worktree.finish")
__botster.app_verb("worktree_discard", "worktree.discard")
__botster.app_verb("worktree_remove", "worktree.remove")
__botster.app_verb("project_trust", "project.trust")
__botster.app_verb("project_untrust", "project.untrust")
__botster.app_verb("plugin_fetch", "plugin.fetch")
__botster.app_verb("plugin_add", "plugin.add")
__botster.app_verb("plugin_grant", "plugin.grant")
__botster.app_verb("plugin_update", "plugin.update")
__botster.app_verb("plugin_remove", "plugin.remove")
__botster.app_verb("plugin_enable", "plugin.enable")
__botster.app_verb("plugin_disable", "plugin.disable")
__botster.app_verb("agent_send_way_out", "agent.send_way_out")
__botster.app_verb("hub_stop", "hub.stop")
__botster.app_verb("client_quit", "client.quit")
__botster.app_verb("client_detach", "client.detach")
__botster.app_verb("client_suspend", "client.suspend")
__botster.app_verb("session_resume", "session.resume")
__botster.app_verb("session_discard", "session.discard")
__botster.app_verb("improvement_accept", "improvement.accept")
__botster.app_verb("improvement_reject", "improvement.reject")
__botster.app_verb("pipeline_accept", "pipeline.accept")
__botster.app_verb("pipeline_reject", "pipeline.reject")
__botster.app_verb("agent_allow_drive", "agent.allow_drive")
__botster.app_verb("agent_deny_drive", "agent.deny_drive")
__botster.app_verb("agent_allow_host", "agent.allow_host")
__botster.app_verb("agent_deny_host", "agent.deny_host")
__botster.app_verb("web_push", "web.push")
