// What a CLI's hook tells `botster-tui report`: Claude Code and Gemini CLI hooks get one JSON
// object on stdin (hook_event_name, session_id, ...); Codex runs its `notify` program with one
// JSON argument ({"type": "agent-turn-complete", "thread-id": ..., "last-assistant-message": ...}).
// Only facts are read here; the flags the hook was installed with win over them.

export type ReportedState = 'running' | 'waiting' | 'idle' | 'done';

export interface HookFacts {
  /** What the event itself means, when it means one thing (an explicit --state wins). */
  state?: ReportedState;
  /** Overrides even an explicit --state: a Claude `idle_prompt` notification asks nothing. */
  forced?: ReportedState;
  reason?: string | null;
  session?: string;
  /** Not about the agent's own conversation (Codex's title-generation thread): nothing to report. */
  ignore?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** The first non-empty line, short enough for a notice. */
export function oneLine(text: string | undefined, max = 200): string | undefined {
  const line = text
    ?.split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  if (!line) return undefined;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** What a tool call runs, as a person would say it: `Bash: make test`, `Edit: src/a.ts`. */
function toolCall(name: string | undefined, input: unknown): string | undefined {
  if (!name) return undefined;
  const i = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const cmd = i.command;
  const what =
    str(Array.isArray(cmd) ? cmd.join(' ') : cmd) ??
    str(i.file_path) ??
    str(i.absolute_path) ??
    str(i.path) ??
    str(i.pattern) ??
    str(i.url) ??
    str(i.query) ??
    str(i.description);
  return oneLine(what ? `${name}: ${what}` : name);
}

/** Claude Code and Gemini CLI: `hook_event_name` and the event's own fields. */
function fromHookEvent(j: Record<string, unknown>, event: string): HookFacts {
  const facts: HookFacts = {};
  const session = str(j.session_id) ?? str(j.sessionId);
  if (session) facts.session = session;
  switch (event) {
    case 'UserPromptSubmit': // Claude
    case 'BeforeAgent': // Gemini
    case 'PostToolUse':
    case 'AfterTool':
      // The prompt or a tool's result: working again (after an approval, too).
      return { ...facts, state: 'running', reason: null };
    case 'PreToolUse':
    case 'BeforeTool':
      return { ...facts, state: 'running', reason: toolCall(str(j.tool_name), j.tool_input) ?? null };
    case 'Notification': {
      // Claude says "Claude is waiting for your input" (idle_prompt) after a minute at its prompt: nothing is asked.
      if (j.notification_type === 'idle_prompt') return { ...facts, forced: 'idle', reason: null };
      const details =
        j.details && typeof j.details === 'object' ? (j.details as Record<string, unknown>) : {};
      const reason = oneLine(
        str(j.message) ?? str(j.title) ?? toolCall(str(details.tool_name) ?? str(details.name), details),
      );
      return { ...facts, state: 'waiting', reason: reason ?? null };
    }
    case 'Stop':
    case 'AfterAgent':
      return {
        ...facts,
        state: 'done',
        reason: oneLine(str(j.last_assistant_message) ?? str(j.prompt_response)) ?? null,
      };
    case 'StopFailure': // Claude: an API error (its limit, an outage) ended the turn
      return {
        ...facts,
        state: 'done',
        reason: oneLine(str(j.last_assistant_message) ?? str(j.error_details) ?? str(j.error)) ?? null,
      };
    case 'SessionStart':
    case 'SessionEnd':
      return { ...facts, state: 'idle', reason: null };
    default:
      return facts;
  }
}

/**
 * Codex (0.169.0) runs a hidden thread that names the task after the first prompt, and its notify
 * fires for that thread too, with its own thread-id: taken as the agent's, it would end the turn
 * early and record a session nobody can resume. Its answer is a JSON object with a `title` only
 * (structured output), its prompt asks for a title and quotes the user's ("User prompt:").
 */
function isTitleThread(j: Record<string, unknown>): boolean {
  const answer = str(j['last-assistant-message'])?.trim();
  if (answer?.startsWith('{')) {
    try {
      const o = JSON.parse(answer) as unknown;
      if (o && typeof o === 'object' && !Array.isArray(o) && Object.keys(o).join() === 'title') return true;
    } catch {
      // not JSON: an ordinary answer
    }
  }
  const input = Array.isArray(j['input-messages']) ? j['input-messages'] : [];
  const first = typeof input[0] === 'string' ? input[0] : '';
  return input.length === 1 && /\btitle\b/i.test(first.split('\n')[0]) && /\nUser prompt:\n/.test(first);
}

/** Codex's notify: `type` and kebab-case fields. */
function fromCodex(j: Record<string, unknown>, type: string): HookFacts {
  if (isTitleThread(j)) return { ignore: "Codex's title-generation thread" };
  const facts: HookFacts = {};
  const session =
    str(j['thread-id']) ??
    str(j['session-id']) ??
    str(j['conversation-id']) ??
    str(j.thread_id) ??
    str(j.session_id);
  if (session) facts.session = session;
  if (type === 'agent-turn-complete' || /turn.*complete|complete.*turn/.test(type)) {
    return { ...facts, state: 'done', reason: oneLine(str(j['last-assistant-message'])) ?? null };
  }
  if (/approval|question|input-request/.test(type)) {
    const cmd = j.command;
    const what =
      str(j.message) ??
      str(j.reason) ??
      str(Array.isArray(cmd) ? cmd.join(' ') : cmd) ??
      str(j.title) ??
      str(j.question);
    return { ...facts, state: 'waiting', reason: oneLine(what) ?? null };
  }
  return facts;
}

/**
 * Cline (3.0.65): a hook file per event (~/.cline/hooks/TaskStart, ...) gets `hookName` (its
 * runtime's name for the event: agent_start, tool_call, agent_end, ...) and the session it
 * resumes with (`cline --id`) as `sessionContext.rootSessionId`.
 */
function fromCline(j: Record<string, unknown>, name: string): HookFacts {
  const ctx =
    j.sessionContext && typeof j.sessionContext === 'object'
      ? (j.sessionContext as Record<string, unknown>)
      : {};
  const session = str(ctx.rootSessionId);
  const facts: HookFacts = session ? { session } : {};
  const tool =
    j.preToolUse && typeof j.preToolUse === 'object' ? (j.preToolUse as Record<string, unknown>) : null;
  switch (name) {
    case 'agent_start':
    case 'agent_resume':
    case 'prompt_submit':
    case 'tool_result':
      return { ...facts, state: 'running', reason: null };
    case 'tool_call':
      return {
        ...facts,
        state: 'running',
        reason: (tool && toolCall(str(tool.toolName), tool.parameters)) ?? null,
      };
    case 'agent_end': {
      const turn = j.turn && typeof j.turn === 'object' ? (j.turn as Record<string, unknown>) : {};
      return { ...facts, state: 'done', reason: oneLine(str(turn.outputText)) ?? null };
    }
    case 'agent_abort':
    case 'agent_error':
    case 'session_shutdown':
      return { ...facts, state: 'idle', reason: null };
    default:
      return facts;
  }
}

/** The facts in a hook's JSON (an object); an unknown event or type gives only what it carries. */
export function hookFacts(json: unknown): HookFacts {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return {};
  const j = json as Record<string, unknown>;
  const event = str(j.hook_event_name);
  if (event) return fromHookEvent(j, event);
  const cline = str(j.hookName);
  if (cline && (j.taskId !== undefined || j.clineVersion !== undefined)) return fromCline(j, cline);
  const type = str(j.type);
  if (type) return fromCodex(j, type);
  // Hooks that name no event (Copilot CLI's: the state comes from the flags): the session, and
  // what it asks or runs as the reason.
  const session = str(j.session_id) ?? str(j.sessionId);
  const reason = oneLine(str(j.message)) ?? toolCall(str(j.toolName), j.toolArgs);
  return { ...(session ? { session } : {}), ...(reason ? { reason } : {}) };
}

/** Reads a hook's JSON from stdin: bounded in size and time, and nothing when stdin is a terminal. */
export function readHookStdin(
  stdin: NodeJS.ReadStream = process.stdin,
  ms = 1000,
  maxBytes = 1024 * 1024,
): Promise<string> {
  if (stdin.isTTY) return Promise.resolve('');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      stdin.off('data', onData);
      stdin.off('end', done);
      stdin.off('error', done);
      // Nothing keeps the process alive for a writer that never closes stdin.
      stdin.pause();
      stdin.destroy();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onData = (d: Buffer) => {
      chunks.push(d);
      size += d.length;
      if (size >= maxBytes) done();
    };
    const timer = setTimeout(done, ms);
    stdin.on('data', onData);
    stdin.once('end', done);
    stdin.once('error', done);
  });
}
