// Exit codes of every botster-tui command, in one place so --help, docs/usage.md and the code agree.
export const EXIT = Object.freeze({
  OK: 0,
  /** check found errors; push: refused or failed to load; the hub failed. */
  FAILED: 1,
  /** Bad flag, command or argument. For push, 2 means "waiting for the user" instead (see PUSH_USAGE). */
  USAGE: 2,
  /** No hub listens on the socket (push, snapshot --live), or it did not answer. */
  NO_HUB: 3,
  /** Another hub already runs on this home (its socket answers): server, --restore. */
  HUB_RUNNING: 4,
  /** push: the file cannot be read or its name cannot name an improvement, or push was misused. */
  PUSH_INPUT: 5,
  /** send, report: no such agent, or it has exited; report: not inside a hub agent and none named. */
  NO_AGENT: 6,
  /** wait: the time given with --timeout ran out first. */
  TIMEOUT: 7,
  /** wait: the agent exited (or was closed) before it reached the state asked for. */
  AGENT_EXITED: 8,
  /** new: the worktree asked for (--worktree, or its profile's) could not be made; nothing started. */
  NO_WORKTREE: 9,
  /** pipeline run: the run was cancelled (pipeline cancel). */
  PIPELINE_CANCELLED: 10,
  /** pipeline run: every step ended and the run waits for you to choose (merge "choose"). */
  PIPELINE_CHOOSING: 11,
  /**
   * pipeline run from inside an agent: the user's policy asked the user, who has not answered yet
   * (push says this with 2, which pipeline run already uses for bad arguments).
   */
  PIPELINE_WAITING: 12,
  /**
   * plugin add, grant or enable from inside an agent: the hub asked you (an agent's word alone
   * changes no plugin); nothing changed yet.
   */
  PLUGIN_ASKED: 13,
});

export const EXIT_CODES_HELP = `
  Exit codes
    0   success (push: the improvement is live)
    1   failure: check found errors; push: refused or failed to load; the hub failed;
        hooks --install: the config file is not valid or cannot be written
    2   usage: unknown flag or command, bad value, attach from inside an agent of the same hub
        (push: waiting for your answer in the hub)
    3   no hub is listening on the socket, or it did not answer (push, snapshot --live, attach, ls,
        kill-server, send, agents, report, new, wait, read, kill, focus, close, run); events: the
        hub stopped
    4   another hub server already runs on this home (server, --restore)
    5   push: no file, a file that cannot be read, or a name that cannot name an improvement
    6   send, message, report, read, wait, kill, focus, close, events, run: no such agent (send,
        kill: it has exited); report: not inside a hub agent, none named
    7   wait: --timeout ran out before the agent got there
    8   wait: the agent exited (or was closed) before it got there
    9   new: the worktree asked for (--worktree, or the profile's worktree) could not be made (not
        in a git repository, git refused); no agent was started
    10  pipeline run: the run was cancelled
    11  pipeline run: every step ended and the run waits for you to choose (pipeline choose)
    12  pipeline run from inside an agent: waiting for your answer in the hub (the run starts
        when you accept it)
    13  plugin add, grant or enable from inside an agent: the hub asked you; nothing changed
        until you answer there
    (report --if-in-hub, for hooks, always exits 0)`;
