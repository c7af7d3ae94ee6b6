import { searchAll, type SearchSource } from '../search/search-all.js';
import type { ControlDeps } from './ports.js';
import type { Checked, VerbArgs } from './args.js';
import { defineVerb } from './verb.js';
import { bool, int, list, nullable, num, obj, oneOf, opt, str, agentRef, type Answer } from './shape.js';

// `search`: every agent's scrollback and screen, and the transcripts its CLI keeps (src/search/),
// for a piece of text; hits by agent, newest first. The palette's search.all (lua/default/search.lua)
// and `botster-tui search QUERY` ask it; it runs beside the UI and stops at its limit.

const hit = obj({
  agent: agentRef,
  source: oneOf(['screen', 'scrollback', 'transcript'] as const, 'where it was found'),
  line: str('the matching line (a transcript: the text around the match)'),
  at: nullable(
    num('when a transcript says it was written (ms since the epoch); null: the screen or scrollback'),
  ),
  index: opt(int("the line's index in the agent's buffer")),
  from_bottom: opt(int('how many lines above the live bottom it is (app:scroll takes it)')),
  file: opt(str('the transcript file')),
});

const answer = obj({
  query: str(),
  hits: list(hit),
  truncated: bool('it stopped at the limit: there may be more'),
  lines: int('lines of scrollback and screen read'),
  bytes: int('bytes of transcripts read'),
  first_ms: nullable(num('ms to the first hit')),
  ms: num('ms the search took'),
});

const searchArgs = {
  query: {
    type: 'string',
    required: true,
    nonEmpty: true,
    doc: 'the text to find (any case)',
    cli: { positional: true },
  },
  limit: {
    type: 'count',
    min: 1,
    max: 1000,
    doc: 'at most this many hits (default 200)',
    cli: { placeholder: 'N' },
  },
} as const satisfies VerbArgs;

/** The agents as the search reads them: their kept lines and their CLIs' transcripts. */
function sources(deps: ControlDeps): SearchSource[] {
  return deps.agents.list().map((a) => ({
    agent: { id: a.id, name: a.info.name },
    terminal: a.terminal,
    files: deps.transcripts(a.id),
  }));
}

export async function searchAgents(
  deps: ControlDeps,
  req: Checked<typeof searchArgs>,
): Promise<Answer<typeof answer>> {
  const r = await searchAll(sources(deps), req.query, { limit: req.limit ?? 200 });
  // By agent (in the list's order), newest first within it (the screen and scrollback are now).
  const order = new Map(deps.store.state.agents.map((id, i) => [id, i]));
  const hits = r.hits
    .map((h, i) => ({ h, i }))
    .sort(
      (x, y) =>
        (order.get(x.h.agent.id) ?? 1e9) - (order.get(y.h.agent.id) ?? 1e9) ||
        (y.h.at ?? Infinity) - (x.h.at ?? Infinity) ||
        x.i - y.i,
    )
    .map(({ h }) => h);
  return {
    query: req.query,
    hits,
    truncated: r.truncated,
    lines: r.lines,
    bytes: r.bytes,
    first_ms: r.first_ms,
    ms: r.ms,
  };
}

export const searchVerb = defineVerb({
  name: 'search',
  waits: true,
  command: true,
  summary: "every agent's scrollback, screen and CLI transcripts, for a piece of text",
  ssh: true,
  refusals: '`usage`',
  args: searchArgs,
  answer,
  act: (deps, req) => searchAgents(deps, req),
});
