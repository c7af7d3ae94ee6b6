// Made by scripts/protocol-table.mjs (npm run docs:protocol) from the verbs' declarations
// (src/verbs/): do not edit. The command line reads its verbs' words and flags here without loading
// the verbs (a CLI command stays light); test/server/verb-docs.test.ts fails when it is stale.
import type { CliVerb } from '../verbs/verb-docs.js';

export const VERB_CLI: Readonly<Record<string, CliVerb>> = {
  ping: {
    summary: "whether a hub answers: the installed package's version and how many agents it has",
    answer: ['version', 'agents', 'protocol'],
  },
  whoami: {
    summary: 'who the hub takes the caller for: you, or the agent it descends from',
    answer: ['principal', 'says'],
    command: true,
  },
  snapshot: {
    summary: "the hub's frame as an attached client sees it, after pressing keys (--keys)",
    answer: ['frame', 'width', 'height'],
    flags: [
      {
        key: 'keys',
        flag: 'keys',
        type: 'string',
        shown: '--keys KEYS',
        doc: 'key spec, pressed first ("ctrl+g j")',
      },
      {
        key: 'ansi',
        flag: 'ansi',
        type: 'boolean',
        shown: '--ansi',
        doc: 'keep colours and attributes (SGR escapes)',
      },
    ],
  },
  push: {
    summary: 'offer Lua to the hub as an improvement: your policy (user/policy.lua) decides',
    answer: [],
  },
  check: {
    summary:
      'load Lua as the improvement it would be (sandboxed; nothing goes live): its errors as file:line: message, or what it registers',
    answer: ['file', 'name', 'loads', 'errors', 'registers'],
  },
  improvements: {
    summary: 'the improvements: their versions, which is live, what waits for your answer',
    answer: ['improvements', 'waiting'],
  },
  improvement_revert: {
    summary: 'make an earlier version of an improvement live again (an agent: only one it pushed)',
    answer: ['name', 'version', 'error'],
    positional: ['name'],
  },
  agents: { summary: 'the agents, as listed on screen (with their states)', answer: ['agents'] },
  send: {
    summary: 'type text, then press keys, into an agent',
    answer: ['agent', 'bytes'],
    positional: ['agent', 'text'],
    flags: [
      {
        key: 'keys',
        flag: 'keys',
        type: 'string',
        shown: '--keys KEYS',
        doc: 'keys to press after it ("ctrl+c enter")',
      },
    ],
  },
  message: {
    summary: "send another agent a message, held to the drive rules (Claude Code's SendMessage comes here)",
    answer: ['route', 'agent', 'why'],
    positional: ['to', 'text'],
    flags: [
      {
        key: 'force',
        flag: 'force',
        type: 'boolean',
        shown: '--force',
        doc: 'type it even where no agent CLI reads it (a shell runs its lines as commands; else refused with shell or not_cli: prompts.reads)',
      },
    ],
    command: true,
  },
  status: {
    summary: "an agent's state, and with explain what its CLI's rules make of its screen",
    answer: [
      'agent',
      'state',
      'reason',
      'source',
      'since',
      'decided',
      'disagreement',
      'screen',
      'now',
      'saved',
    ],
    positional: ['agent'],
    flags: [
      {
        key: 'explain',
        flag: 'explain',
        type: 'boolean',
        shown: '--explain',
        doc: "what its CLI's rules make of its screen now, and who decided",
      },
      {
        key: 'save_case',
        flag: 'save-case',
        type: 'string',
        shown: '--save-case SAVE_CASE',
        doc: 'save its screen as a case of this state (running, waiting or idle)',
      },
    ],
  },
  report: {
    summary: "an agent's own hooks say its state (running, waiting, idle, done)",
    answer: ['agent', 'state', 'reason', 'session'],
    positional: ['agent'],
    flags: [
      { key: 'state', flag: 'state', type: 'string', shown: '--state STATE', doc: 'the state it is in' },
      {
        key: 'reason',
        flag: 'reason',
        type: 'string',
        shown: '--reason REASON',
        doc: 'why (a question, a command), up to 500 characters',
      },
      {
        key: 'session',
        flag: 'session',
        type: 'string',
        shown: '--session SESSION',
        doc: "its CLI's conversation id (what resuming needs)",
      },
    ],
  },
  usage: {
    summary: "an agent's CLI says its own cost and limits (Claude Code's status line does)",
    answer: ['agent', 'usage'],
    positional: ['agent'],
    flags: [
      {
        key: 'tokens',
        flag: 'tokens',
        type: 'number',
        shown: '--tokens TOKENS',
        doc: 'tokens of the session (input, cache included, and output)',
      },
      { key: 'cost', flag: 'cost', type: 'number', shown: '--cost COST', doc: 'its cost so far, US dollars' },
      {
        key: 'context_pct',
        flag: 'context-pct',
        type: 'number',
        shown: '--context-pct CONTEXT_PCT',
        doc: 'how full its context window is, 0-100',
      },
      {
        key: 'account',
        flag: 'account',
        type: 'string',
        shown: '--account ACCOUNT',
        doc: 'the account (an e-mail, a plan)',
      },
      { key: 'model', flag: 'model', type: 'string', shown: '--model MODEL', doc: 'the model it runs' },
      {
        key: 'source',
        flag: 'source',
        type: 'string',
        shown: '--source SOURCE',
        doc: 'where the facts came from (`statusline`, `session`)',
      },
    ],
  },
  sandbox: {
    summary: "what an agent's box lets it see and write (none: it runs unboxed)",
    answer: ['agent', 'box', 'says'],
    positional: ['agent'],
    command: true,
  },
  new: {
    summary: 'start an agent (a command or a profile), optionally in a new worktree or on a machine',
    answer: ['agent'],
    flags: [
      {
        key: 'name',
        flag: 'name',
        type: 'string',
        shown: '--name N',
        doc: "the agent's name in the list: unique, not the hub's, not a number (else refused)",
      },
      {
        key: 'cwd',
        flag: 'cwd',
        type: 'string',
        shown: '--cwd DIR',
        doc: "the folder it runs in (relative to where you are; default: where you are, or its profile's folder)",
      },
      {
        key: 'worktree',
        flag: 'worktree',
        type: 'string',
        shown: '--worktree BRANCH',
        doc: 'run it in a new git worktree on BRANCH of the repository it starts in (as a profile\'s worktree = true), in the same subfolder of it as you are in the repository; --worktree "" names the branch for you (botster/NAME). No worktree, no agent: outside a repository, or when git refuses, nothing starts (exit 9)',
      },
      {
        key: 'base',
        flag: 'base',
        type: 'string',
        shown: '--base REF',
        doc: 'the branch the new worktree starts from (default: the one checked out)',
      },
      {
        key: 'profile',
        flag: 'profile',
        type: 'string',
        shown: '--profile P',
        doc: 'start profile P (user/profiles.lua) instead of a command',
      },
      {
        key: 'focus',
        flag: 'focus',
        type: 'boolean',
        shown: '--no-focus',
        doc: "leave the hub's focus where it is",
      },
      {
        key: 'sandbox',
        flag: 'sandbox',
        type: 'string',
        shown: '--sandbox BOX',
        doc: 'run it in box BOX of sandbox.boxes (default, strict), or "off" for none; started from a boxed agent, it runs in that agent\'s box whatever is asked (docs/security.md)',
      },
      {
        key: 'machine',
        flag: 'machine',
        type: 'string',
        shown: '--machine M',
        doc: "start it on machine M of the hub's settings.machines (--cwd is a folder there)",
      },
    ],
    command: true,
  },
  wait: {
    summary: 'answers when an agent reaches a state, or its screen matches output:REGEX',
    answer: ['agent', 'state', 'reason', 'match', 'waited_ms'],
    positional: ['agent'],
    flags: [
      {
        key: 'until',
        flag: 'until',
        type: 'string',
        shown: '--until WHAT',
        doc: 'the state, or several comma-separated, or output:REGEX to wait for',
      },
      {
        key: 'timeout_ms',
        flag: 'timeout',
        type: 'number',
        shown: '--timeout S',
        doc: 'give up after S seconds (exit 7)',
        scale: 1000,
      },
    ],
    command: true,
  },
  read: {
    summary: 'what an agent shows (its screen, or its scrollback too)',
    answer: ['agent', 'lines', 'cols', 'rows'],
    positional: ['agent'],
    flags: [
      { key: 'lines', flag: 'lines', type: 'number', shown: '--lines N', doc: 'only the last N lines' },
      {
        key: 'scrollback',
        flag: 'scrollback',
        type: 'boolean',
        shown: '--scrollback',
        doc: 'the lines above the screen too (all the hub keeps)',
      },
      {
        key: 'ansi',
        flag: 'ansi',
        type: 'boolean',
        shown: '--ansi',
        doc: 'keep colours and attributes (SGR escapes)',
      },
    ],
    command: true,
  },
  search: {
    summary: "every agent's scrollback, screen and CLI transcripts, for a piece of text",
    answer: ['query', 'hits', 'truncated', 'lines', 'bytes', 'first_ms', 'ms'],
    positional: ['query'],
    flags: [
      {
        key: 'limit',
        flag: 'limit',
        type: 'number',
        shown: '--limit N',
        doc: 'at most this many hits (default 200)',
      },
    ],
    command: true,
  },
  events: {
    summary:
      'a line per agent event (started, state_changed, title_changed, exited, closed) until the client hangs up',
    answer: ['streaming', 'agent'],
    flags: [
      {
        key: 'agent',
        flag: 'agent',
        type: 'string',
        shown: '--agent AGENT',
        doc: "only this agent's events",
      },
    ],
  },
  kill: {
    summary: 'stop a running agent (SIGHUP, as the x key); a before_agent_kill handler may refuse',
    answer: ['agent'],
    positional: ['agent'],
    command: true,
  },
  interrupt: {
    summary: "stop what an agent is doing, leaving it running (its CLI's interrupt key: Escape, Ctrl+C)",
    answer: ['agent', 'keys'],
    positional: ['agent'],
    flags: [
      {
        key: 'keys',
        flag: 'keys',
        type: 'string',
        shown: '--keys KEYS',
        doc: 'press these instead of its CLI\'s interrupt key ("ctrl+c")',
      },
    ],
    command: true,
  },
  focus: {
    summary: 'show an agent in the client that typed last',
    answer: ['agent'],
    positional: ['agent'],
    command: true,
  },
  close: {
    summary: 'take an agent that exited off the list',
    answer: ['agent'],
    positional: ['agent'],
    command: true,
  },
  restart: {
    summary: 'stop an agent and start it again in its place (same number, command, folder and conversation)',
    answer: ['agent'],
    positional: ['agent'],
    command: true,
  },
  rename: {
    summary: 'give an agent another name in the list',
    answer: ['agent'],
    positional: ['agent', 'name'],
    command: true,
  },
  run: {
    summary: 'run a command of the palette by its id (--yes takes the first choice of its dialogs)',
    answer: ['command', 'chosen', 'notice'],
    positional: ['command', 'arg'],
    flags: [
      {
        key: 'agent',
        flag: 'agent',
        type: 'string',
        shown: '--agent AGENT',
        doc: 'focus this agent first (the command acts on it)',
      },
      {
        key: 'yes',
        flag: 'yes',
        type: 'boolean',
        shown: '--yes',
        doc: 'take the first choice of each dialog it opens',
      },
    ],
    command: true,
  },
  link: {
    summary: "another hub lists this hub's agents beside its own (settings.machines)",
    answer: ['link', 'version', 'home', 'pid'],
  },
  pipeline: {
    summary:
      "pipeline run|ls|show|cancel|pause|resume|retry|choose (an agent's run goes through your policy)",
    answer: [],
  },
  plugin_ask: {
    summary: 'an agent asks you, in the hub, to add, grant or enable a plugin: you answer there',
    answer: [],
  },
  plugin_from_improvement: {
    summary:
      'make an improvement a plugin folder (its code and versions, a manifest of what it calls, a README, a passing golden-frame test): never installed, plugin add is yours',
    answer: ['dir', 'files', 'capabilities', 'hosts', 'commands', 'test', 'says'],
  },
  review_comment: {
    summary: "comment on lines of an agent's changes (sent with review_send)",
    answer: ['comment'],
    positional: ['agent', 'at', 'text'],
  },
  review_comments: {
    summary: "an agent's review comments (new, stale, sent, handled)",
    answer: ['comments', 'at'],
    positional: ['agent'],
  },
  review_edit: {
    summary: 'change a review comment: its text, handled or not, or delete it',
    answer: ['comment', 'removed'],
    positional: ['agent', 'id'],
    flags: [
      { key: 'text', flag: 'text', type: 'string', shown: '--text TEXT', doc: 'its new remark' },
      {
        key: 'handled',
        flag: 'handled',
        type: 'boolean',
        shown: '--handled',
        doc: 'mark it handled (false: not handled)',
      },
      { key: 'remove', flag: 'remove', type: 'boolean', shown: '--remove', doc: 'delete it' },
    ],
  },
  review_send: {
    summary: 'send every review comment not sent yet to the agent, as one prompt',
    answer: ['sent', 'comments', 'text', 'waited'],
    positional: ['agent'],
    flags: [
      {
        key: 'busy',
        flag: 'busy',
        type: 'string',
        shown: '--busy BUSY',
        doc: 'when it is at work: ask (refused with busy), wait for its turn to end, or now (default: settings.review_busy)',
      },
      {
        key: 'force',
        flag: 'force',
        type: 'boolean',
        shown: '--force',
        doc: 'send even where no agent CLI reads it (a shell runs the lines as commands; else refused with shell or not_cli: prompts.reads)',
      },
      {
        key: 'shell',
        flag: 'shell',
        type: 'boolean',
        shown: '--shell',
        doc: 'the same as force (its older name)',
      },
    ],
  },
  worktrees: {
    summary: 'the worktrees the hub made; prune removes the merged, clean ones',
    answer: ['done', 'worktrees', 'says'],
    positional: ['action'],
    flags: [
      { key: 'dry_run', flag: 'dry-run', type: 'boolean', shown: '--dry-run', doc: 'prune: only say it' },
      { key: 'park', flag: 'park', type: 'boolean', shown: '--park', doc: 'prune: park dirty ones' },
    ],
    command: true,
  },
};
