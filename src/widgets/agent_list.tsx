// ui.agent_list(agents, props): the agents with a status mark, number, name, state and title;
// grouped by repository or machine, filtered, each row ending with the agent_list.row slot.
import { useContext, useId, type ReactNode } from 'react';
import type { DOMElement } from 'ink';
import type { AgentView, BoxProps, MachineView } from '../tree/types.js';
import { TreeError, asArray, describe, oneOf } from '../tree/tree-values.js';
import { spans } from '../tree/read-text.js';
import { agentView, selectedAgent } from '../tree/tree-agents.js';
import { machineViews } from '../tree/machine-views.js';
import { exitLabel } from '../hub/signal-name.js';
import { boxStyle } from './style-props.js';
import { LayoutContext, ListSpaceContext, useRegisteredRef, type ListSpace } from './layout-registry.js';
import { listWindow } from './list-window.js';
import { Spans } from './spans.js';
import textWidth from 'string-width';
import cliTruncate from 'cli-truncate';
import { defineWidget, useKit } from './widget.js';
import { arrange, teams, type Arrangement } from './agent-groups.js';
import { retryWords } from '../hub/machine-retry.js';

/** group "repo": under a line per repository; filter: only those that wait for you (waiting, done) or run (running, idle), the selected one always. */
interface AgentListNode extends Arrangement {
  type: 'agent_list';
  props: BoxProps;
  showCommand: boolean;
}
declare module '../tree/types.js' {
  interface WidgetNodes {
    agent_list: AgentListNode;
  }
}

const STATUS_MARK: Record<string, { mark: string; color: string }> = {
  running: { mark: '●', color: 'green' },
  waiting: { mark: '◆', color: 'yellow' },
  idle: { mark: '○', color: 'gray' },
  done: { mark: '✓', color: 'cyan' },
  exited: { mark: '✕', color: 'red' },
};

/** A program other than the one it was started with runs in it (`claude` typed into a shell agent). */
function runsOther(a: AgentView): boolean {
  if (!a.program || a.program === a.name) return false;
  const first = a.command.trimStart().split(/\s+/)[0] ?? '';
  return first !== a.program && !first.endsWith(`/${a.program}`);
}

/** One agent's rows in the list: a click target for the mouse. */
function AgentRow({ id, children }: { id: string; children: React.ReactNode }): React.ReactNode {
  const { Box } = useKit();
  const ref = useRegisteredRef('targets', { agent: id });
  return (
    <Box ref={ref} flexDirection="column" flexShrink={0}>
      {children}
    </Box>
  );
}

/** A machine's name, and why it cannot be reached when it cannot. */
function MachineHeading({ m }: { m: MachineView | 'here' }): React.ReactNode {
  const { Text } = useKit();
  if (m === 'here' || m.state === 'connected')
    return (
      <Text wrap="truncate" bold color="blue">
        {m === 'here' ? 'this machine' : m.name}
      </Text>
    );
  const retry = retryWords(m.retry_in);
  return (
    <Text wrap="truncate" color={m.state === 'unreachable' ? 'red' : 'yellow'}>
      <Text bold>{m.name}</Text>
      {m.state === 'unreachable' ? ` unreachable: ${m.error ?? ''}${retry}` : ' connecting...'}
    </Text>
  );
}

const repoName = (repo: string) =>
  repo === '' ? 'no repository' : (repo.split('/').filter(Boolean).pop() ?? repo);

/** A line or two of the list, and how to draw it (only once it is in the window). */
interface Entry {
  lines: number;
  agent?: string;
  draw: () => ReactNode;
}

function AgentList({ node }: { node: AgentListNode }): React.ReactNode {
  const { Box, Text } = useKit();
  const id = useId();
  const registry = useContext(LayoutContext);
  useContext(ListSpaceContext); // draws again when its box was measured anew
  const space = registry?.listSpace(id);
  const groups = arrange(node);
  const hidden = node.agents.length - groups.reduce((n, g) => n + g.agents.length, 0);
  if (node.agents.length === 0 && !node.machines?.length) {
    return (
      <Box {...boxStyle(node.props)}>
        <Text dimColor>no agents</Text>
      </Box>
    );
  }
  // Each entry is a line or two (an agent's second line: what it asks, its title or branch), so
  // the window that keeps the selected agent in view is worked out here. An entry is drawn only
  // when it is in the window (500 agents' elements made for each frame were 40% of what a frame
  // with 50 of them printing allocated).
  const entries: Entry[] = [];
  for (const g of groups) {
    const { machine, repo } = g;
    if (machine)
      entries.push({
        lines: 1,
        draw: () => (
          <Box key={`m:${g.key}`} height={1} flexShrink={0}>
            <MachineHeading m={machine} />
          </Box>
        ),
      });
    if (repo !== null)
      entries.push({
        lines: 1,
        draw: () => (
          <Box key={`r:${g.key}`} height={1} flexShrink={0}>
            <Text wrap="truncate" bold color="blue">
              {`▾ ${repoName(repo)}`}
              <Text dimColor>{` (${g.agents.length})`}</Text>
            </Text>
          </Box>
        ),
      });
    for (const { a, n, depth } of teams(g.agents))
      entries.push({
        lines: detailOf(a, node.showCommand) || a.branch ? 2 : 1,
        agent: a.id,
        draw: () => (
          <AgentEntry
            key={a.id}
            a={a}
            n={n}
            depth={depth ?? 0}
            selected={a.id === node.selected}
            showCommand={node.showCommand}
            cols={space?.cols ?? 0}
          />
        ),
      });
  }
  if (hidden > 0)
    entries.push({
      lines: 1,
      draw: () => (
        <Text key="hidden" dimColor wrap="truncate">
          {`  ${hidden} more not ${node.filter}`}
        </Text>
      ),
    });
  return <Windowed node={node} entries={entries} space={space} />;
}

/**
 * The entries that reach into the window `offset`..`offset + lines` (all of them before the box
 * was measured), between two empty boxes as tall as the lines above and below them: the list is
 * as tall as with every entry drawn (a list whose box takes its content's height measures the
 * same), its window's lines lie where they would, and a list of 500 agents lays out and paints
 * the rows it shows, not 500 (issue 97: each agent's state change drew the whole list, 10-25 ms).
 */
function shown(entries: Entry[], offset: number, lines: number | undefined): ReactNode[] {
  if (lines === undefined) return entries.map((e) => e.draw());
  const out: ReactNode[] = [];
  let at = 0;
  let above = 0;
  let below = 0;
  for (const e of entries) {
    if (at + e.lines <= offset) above += e.lines;
    else if (at < offset + lines) out.push(e.draw());
    else below += e.lines;
    at += e.lines;
  }
  if (above > 0) out.unshift(<SkippedLines key="above" lines={above} />);
  if (below > 0) out.push(<SkippedLines key="below" lines={below} />);
  return out;
}

function SkippedLines({ lines }: { lines: number }): React.ReactNode {
  const { Box } = useKit();
  return <Box height={lines} flexShrink={0} />;
}

/** The entries in a box that shows the selected one, saying how many are cut away above and below. */
function Windowed({
  node,
  entries,
  space,
}: {
  node: AgentListNode;
  entries: Entry[];
  space: ListSpace | undefined;
}): React.ReactNode {
  const { Box, Text } = useKit();
  const selected = entries.findIndex((e) => e.agent !== undefined && e.agent === node.selected);
  const w = space
    ? listWindow(
        entries.map((e) => e.lines),
        selected,
        space.lines,
        space.offset,
      )
    : { offset: 0, above: 0, below: 0 };
  if (space) space.offset = w.offset;
  const scrolled = useRegisteredRef('scrolls', w.offset);
  // A note covers the whole row under it.
  const note = (text: string) => (
    <Text dimColor wrap="truncate">
      {text.padEnd(space?.cols ?? 0)}
    </Text>
  );
  return (
    <Box
      ref={(el: DOMElement | null) => {
        if (space) space.box = el;
      }}
      flexDirection="column"
      overflow="hidden"
      {...boxStyle(node.props)}
    >
      <Box ref={scrolled} flexDirection="column" flexShrink={0}>
        {shown(entries, w.offset, space?.lines)}
      </Box>
      {w.above > 0 ? (
        <Box position="absolute" width="100%" height={1}>
          {note(`  ↑ ${w.above} more`)}
        </Box>
      ) : null}
      {w.below > 0 && space ? (
        <Box position="absolute" width="100%" height={1} marginTop={space.lines - 1}>
          {note(`  ↓ ${w.below} more`)}
        </Box>
      ) : null}
    </Box>
  );
}

/** An agent's second line: what it asks beats its title (that is what you need to decide). */
function detailOf(a: AgentView, showCommand: boolean): string {
  const shown = a.state ?? a.status;
  return (shown === 'waiting' && a.reason) || a.title || (showCommand ? a.command : '');
}

/** The fewest cells a name keeps in a narrow row (its … included). */
const MIN_NAME = 6;

function AgentEntry({
  a,
  n,
  depth,
  selected,
  showCommand,
  cols,
}: {
  a: AgentView;
  n: string;
  depth: number;
  selected: boolean;
  showCommand: boolean;
  /** The list's width once measured (0: not yet). */
  cols: number;
}): React.ReactNode {
  const { Text } = useKit();
  const shown = a.state ?? a.status;
  const status = STATUS_MARK[shown] ?? { mark: '?', color: 'white' };
  const state = shown === 'exited' ? exitLabel(a.exit_code, a.signal ?? null, a.signal_name) : shown;
  const detail = detailOf(a, showCommand);
  const head = ` ${n} ${a.name}${runsOther(a) ? ` › ${a.program}` : ''}${a.attention ? ' !' : ''}`;
  const extra = a.extra ? textWidth(a.extra.map((x) => x.text).join('')) + 1 : 0;
  // A row too narrow for all of it leaves out the state word (its mark says it; not an exit's code), so what the row's
  // pieces say (usage, first what matters) is not what is cut.
  const stateWord =
    shown === 'exited' ||
    !(extra && cols && 1 + depth * 2 + textWidth(head) + 1 + textWidth(state) + extra > cols);
  // Still too narrow for the pieces' first span (the usage's fullest limit): the name gives way too,
  // down to a few cells (at 80 columns a long name cut all of it).
  // (its space before, and the … of a cut after it when more follows)
  const first = a.extra?.length ? textWidth(a.extra[0].text) + 1 + (a.extra.length > 1 ? 1 : 0) : 0;
  const over =
    first && cols
      ? 1 + depth * 2 + textWidth(head) + (stateWord ? 1 + textWidth(state) : 0) + first - cols
      : 0;
  const name = over > 0 ? cliTruncate(a.name, Math.max(MIN_NAME, textWidth(a.name) - over)) : a.name;
  return (
    <AgentRow id={a.id}>
      <Text wrap="truncate" inverse={selected} bold={selected}>
        <Text color={status.color}>{status.mark}</Text>
        {depth ? <Text dimColor>{` ${'  '.repeat(depth - 1)}└`}</Text> : null}
        {` ${n} ${name}`}
        {runsOther(a) ? <Text dimColor>{` › ${a.program}`}</Text> : null}
        {a.attention ? <Text color="yellow"> !</Text> : null}
        {stateWord ? (
          <Text
            color={shown === 'waiting' || shown === 'done' ? status.color : undefined}
            dimColor={shown !== 'waiting' && shown !== 'done'}
          >
            {' '}
            {state}
          </Text>
        ) : null}
        {a.extra ? (
          <>
            {' '}
            <Spans spans={a.extra} />
          </>
        ) : null}
      </Text>
      {detail || a.branch ? (
        <Text wrap="truncate" dimColor={!(shown === 'waiting' && a.reason)}>
          {'   '}
          {a.branch ? <Text color="magenta">{`⎇ ${a.branch} `}</Text> : null}
          {detail}
        </Text>
      ) : null}
    </AgentRow>
  );
}

function withExtra(view: AgentView, extra: unknown, path: string): AgentView {
  const text = extra === undefined || extra === null ? [] : spans(extra, path);
  return text.length ? { ...view, extra: text } : view;
}

export const agent_list = defineWidget<AgentListNode>({
  type: 'agent_list',
  props: ['agents', 'selected', 'show_command', 'group', 'filter', 'extra', 'machines'],
  // Each row ends with what the pieces of the "agent_list.row" slot show for its agent (row_slot
  // names another slot; row_slot = false shows none).
  filled: ['agents', 'extra'],
  lua: {
    lua: `function(agents, props)
  if props ~= nil and type(props) ~= "table" then
    error(("ui.agent_list expects props as a table, got %s"):format(type(props)), 2)
  end
  local p = {}
  for k, v in pairs(props or {}) do p[k] = v end
  p.agents = agents or {}
  local slot = p.row_slot
  p.row_slot = nil
  if slot ~= false and __botster.placed_slots then __botster.placed_slots[slot or "agent_list.row"] = true end
  if slot ~= false and __botster.slot_output and type(p.agents) == "table" then
    local ids = {}
    for i, a in ipairs(p.agents) do ids[i] = type(a) == "table" and tostring(a.id) or "" end
    local out = __botster.slot_output(slot or "agent_list.row", ids)
    if out then
      local extra = {}
      for i = 1, #ids do extra[i] = __botster.join_spans(out[i], " ") end
      p.extra = extra
    end
  end
  return { type = "agent_list", props = p }
end`,
  },
  read: ({ p, props, path }) => {
    const agents = asArray(p.agents ?? []);
    if (!agents) throw new TreeError(path, `agents must be a list (self.agents), got ${describe(p.agents)}`);
    // What the agent_list.row slot shows at the end of each row (ui.agent_list fills it in).
    const extra = asArray(p.extra ?? []) ?? [];
    return {
      type: 'agent_list',
      props,
      agents: agents.map((a, i) =>
        withExtra(agentView(a, `${path}.agents[${i + 1}]`), extra[i], `${path}.extra[${i + 1}]`),
      ),
      selected: selectedAgent(p.selected, agents, path),
      showCommand: p.show_command === true,
      group: oneOf(p.group, new Set(['repo'] as const), path, 'group') ?? null,
      filter: oneOf(p.filter, new Set(['all', 'waiting', 'running'] as const), path, 'filter') ?? 'all',
      machines: p.machines == null ? null : machineViews(p.machines, (m) => new TreeError(path, m)),
    };
  },
  Draw: AgentList,
});
