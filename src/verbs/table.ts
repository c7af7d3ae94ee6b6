// The verbs, one line each (tmux's cmd_entry table is the model): the socket, `--ssh`, the browser
// and Lua (app:verb, ./call.ts) find a verb here, and nothing else lists them. A verb is one file
// in this folder.
import { agentsVerb } from './agents.js';
import { checkVerb } from './check.js';
import { closeVerb } from './close.js';
import { eventsVerb } from './events.js';
import { focusVerb } from './focus.js';
import { improvementsVerb } from './improvements.js';
import { improvementRevertVerb } from './improvement-revert.js';
import { interruptVerb } from './interrupt.js';
import { killVerb } from './kill.js';
import { linkVerb } from './link.js';
import { machinesVerb } from './machines.js';
import { moveVerb } from './move.js';
import { moveLandVerb } from './move-land.js';
import { movePackVerb } from './move-pack.js';
import { movePartVerb } from './move-part.js';
import { messageVerb } from './message.js';
import { newVerb } from './new.js';
import { permissionAnswerVerb } from './permission-answer.js';
import { permissionAskVerb } from './permission-ask.js';
import { pingVerb } from './ping.js';
import { pipelineVerb } from './pipeline.js';
import { pluginAskVerb } from './plugin-ask.js';
import { pluginFromImprovementVerb } from './plugin-from-improvement.js';
import { pushVerb } from './push.js';
import { readVerb } from './read.js';
import { reportVerb } from './report.js';
import { restartVerb } from './restart.js';
import { renameVerb } from './rename.js';
import { reviewCommentVerb } from './review-comment.js';
import { reviewCommentsVerb } from './review-comments.js';
import { reviewEditVerb } from './review-edit.js';
import { reviewSendVerb } from './review-send.js';
import { runVerb } from './run.js';
import { searchVerb } from './search.js';
import { sendVerb } from './send.js';
import { snapshotVerb } from './snapshot.js';
import { statusVerb } from './status.js';
import { usageVerb } from './usage.js';
import { sandboxVerb } from './sandbox.js';
import { waitVerb } from './wait.js';
import { whoamiVerb } from './whoami.js';
import { worktreesVerb } from './worktrees.js';
import { worktreeStatusVerb } from './worktree-status.js';
import { worktreeFinishVerb } from './worktree-finish.js';
import { worktreeDiscardVerb } from './worktree-discard.js';
import { worktreeRemoveVerb } from './worktree-remove.js';
import { projectTrustVerb, projectUntrustVerb } from './project-trust.js';
import { pluginFetchVerb } from './plugin-fetch.js';
import { pluginAddVerb } from './plugin-add.js';
import { pluginGrantVerb } from './plugin-grant.js';
import { pluginUpdateVerb } from './plugin-update.js';
import { pluginRemoveVerb } from './plugin-remove.js';
import { pluginDisableVerb, pluginEnableVerb } from './plugin-enable.js';
import { hubStopVerb } from './hub-stop.js';
import { clientQuitVerb } from './client-quit.js';
import { clientDetachVerb, clientSuspendVerb } from './client-detach.js';
import { sessionDiscardVerb, sessionResumeVerb } from './session-resume.js';
import { ANSWER_VERBS } from './question-answers.js';
import { webPushVerb } from './web-push.js';
import { sendWayOutVerb } from './agent-send-way-out.js';
import type { Verb } from './verb.js';
import { verbMay } from '../hub/who-may.js';
import { mcpToolName, verbName } from '../wire/verb-aliases.js';

/** A verb with its rule of who may ask, read from the one who-may table. */
const ruled = (v: Verb): Verb => {
  const may = verbMay(v.name);
  return may.length > 0 ? { ...v, may } : v;
};

export const VERBS: readonly Verb[] = [
  pingVerb,
  whoamiVerb,
  snapshotVerb,
  pushVerb,
  checkVerb,
  improvementsVerb,
  improvementRevertVerb,
  agentsVerb,
  sendVerb,
  messageVerb,
  permissionAskVerb,
  permissionAnswerVerb,
  statusVerb,
  reportVerb,
  usageVerb,
  sandboxVerb,
  newVerb,
  waitVerb,
  readVerb,
  searchVerb,
  eventsVerb,
  killVerb,
  interruptVerb,
  focusVerb,
  closeVerb,
  restartVerb,
  renameVerb,
  runVerb,
  linkVerb,
  machinesVerb,
  moveVerb,
  movePackVerb,
  movePartVerb,
  moveLandVerb,
  pipelineVerb,
  pluginAskVerb,
  pluginFromImprovementVerb,
  reviewCommentVerb,
  reviewCommentsVerb,
  reviewEditVerb,
  reviewSendVerb,
  worktreesVerb,
  worktreeStatusVerb,
  worktreeFinishVerb,
  worktreeDiscardVerb,
  worktreeRemoveVerb,
  projectTrustVerb,
  projectUntrustVerb,
  pluginFetchVerb,
  pluginAddVerb,
  pluginGrantVerb,
  pluginUpdateVerb,
  pluginRemoveVerb,
  pluginEnableVerb,
  pluginDisableVerb,
  sendWayOutVerb,
  hubStopVerb,
  clientQuitVerb,
  clientDetachVerb,
  clientSuspendVerb,
  sessionResumeVerb,
  sessionDiscardVerb,
  ...ANSWER_VERBS,
  webPushVerb,
].map(ruled);

const BY_NAME = new Map(VERBS.map((v) => [v.name, v]));
// (an MCP tool's name is its verb's with "_" for ".": `agent_kill` asks for agent.kill)
const BY_TOOL = new Map(VERBS.map((v) => [mcpToolName(v.name), v]));

/** The verb `name` names: its name, an older one (src/wire/verb-aliases.ts), or its MCP tool's. */
export function verbNamed(name: string): Verb | undefined {
  return BY_NAME.get(verbName(name)) ?? BY_TOOL.get(name);
}

/** The verbs `botster-tui NAME --ssh HOST` carries to another machine's hub. */
export const SSH_VERBS: readonly string[] = VERBS.filter((v) => v.ssh).map((v) => v.name);
