// What Lua (a pushed improvement, a plugin: its card) can ask of agents (Change.drives): read from its source and its bindings'
// actions, a hint for the policy. What it may actually do is held to the agent that pushed it at
// run time (commands/apply-request.ts, AgentDrive.luaMay).

/** The request words, in the order the policy lists them. */
const WORDS = ['kill', 'restart', 'close', 'send', 'spawn', 'focus'] as const;
export type AgentRequestWord = (typeof WORDS)[number];

// app:kill(...), app:verb("kill", ...), "agent.kill" (a command id: a binding's action, app:run).
const CALL = /\bapp\s*:\s*(kill|restart|close|send|send_way_out|spawn|focus)\b/g;
const VERB = /\bapp\s*:\s*verb\s*\(\s*["'](kill|restart|close|send|new|focus)["']/g;
const COMMAND = /["']agent\.(kill|restart|close|send_way_out|spawn|focus|next|prev|answer)["']/g;
// app:call("kill", ...) waits for the same verb.
const CALL_VERB = /\bapp\s*:\s*call\s*\(\s*["'](kill|restart|close|send|new|focus)["']/g;
// timer.after / timer.every: what runs with no key of yours.
const TIMER = /\btimer\s*[.:]\s*(after|every)\b/;

const WORD_OF: Record<string, AgentRequestWord> = {
  kill: 'kill',
  restart: 'restart',
  close: 'close',
  send: 'send',
  send_way_out: 'send',
  answer: 'send',
  spawn: 'spawn',
  new: 'spawn',
  focus: 'focus',
  next: 'focus',
  prev: 'focus',
};

/** The agent requests `source` (and bindings whose actions are `actions`) can make, each once. */
export function agentRequests(source: string, actions: readonly string[] = []): AgentRequestWord[] {
  const found = new Set<AgentRequestWord>();
  for (const re of [CALL, VERB, CALL_VERB, COMMAND])
    for (const m of source.matchAll(re)) found.add(WORD_OF[m[1]]);
  for (const a of actions) {
    const m = /^agent\.(\w+)$/.exec(a);
    if (m && WORD_OF[m[1]]) found.add(WORD_OF[m[1]]);
  }
  return WORDS.filter((w) => found.has(w));
}

/** Whether `source` starts timers: code that acts with no key of yours (a hint for the policy). */
export function startsTimers(source: string): boolean {
  return TIMER.test(source);
}
