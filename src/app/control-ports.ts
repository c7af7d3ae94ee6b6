import type { LuaOrigin } from '../hub/state.js';
import os from 'node:os';
import type { Principal } from '../hub/principal.js';
import type { Request } from '../hub/requests.js';
import type { ControlDeps } from '../verbs/ports.js';
import type { Parts } from './parts.js';
import type { ReviewPort } from '../review/review-port.js';
import { placeAt } from '../review/review-at.js';
import { snippetAt } from '../review/review-snippet.js';
import { reviewKey } from '../hub/reduce-review.js';
import { reviewHost } from './hub-hosts.js';
import { keysFor } from '../keys/table-hints.js';
import { readConfigFiles } from '../reload/config-files.js';
import { transcriptFiles } from '../search/transcript-files.js';
import { planRestore } from '../lifecycle/restore.js';
import { resumeFacts } from '../lifecycle/hub-sessions.js';
import { formatKeyForDisplay } from '../keys/key-spec.js';
import { typingIn, pipelineStartedBy } from './hub-ports.js';
import { requestSuspend } from '../commands/self-suspend.js';
import { sayer } from './say.js';

// The control socket's port (what the verbs read and do) and the review comments' port it hands
// on, filled from the hub's parts (./hub-ports.ts fills the others).

/** The running hub as its control socket sees it. */
export function controlDeps(hub: Parts): ControlDeps {
  return {
    home: hub.opts.home,
    ...(hub.opts.ptys?.keeperDir ? { keeperDir: hub.opts.ptys.keeperDir } : {}),
    store: hub.hubStore,
    agents: hub.agents,
    review: reviewPort(hub),
    lifecycle: hub.lifecycle,
    sessions: hub.sessions,
    clients: {
      stop: () => hub.quit(),
      detach: () => hub.opts.detach?.() ?? false,
      suspend: () => hub.opts.suspend?.() ?? requestSuspend(),
      webPush: (m) => {
        const how = hub.webPushes.push(m);
        if (how === 'typing')
          hub.log.write(
            'info',
            `web: a push${m.agent ? ` about agent ${m.agent}` : ''} held: a key was typed at the hub lately`,
          );
        return how;
      },
      settings: () => hub.config.settings,
      describe: (id) => hub.commands.get(id)?.description ?? '',
    },
    worktreeFlow: hub.worktreeFlow,
    projects: hub.projects,
    plugins: hub.plugins,
    hostGate: hub.boxNet.gate,
    taps: hub.events.taps,
    status: hub.status,
    seen: (id) => hub.frame.seen(id),
    typingIn: () => typingIn(hub),
    typed: (id) => hub.typed(id),
    key: (ev) => hub.keyQueue.key(ev),
    pressing: (agent) => (hub.keysOf = agent),
    whenIdle: () => hub.whenIdle(),
    settle: () => hub.settle(),
    screen: (hidden) => (hidden ? hub.readerScreen(hidden) : hub.screen()),
    profiles: () => hub.config.profiles.map((p) => p.name),
    // Every CLI's patterns with the session its hooks reported (the CLI may have exited since).
    transcripts: (id) => {
      const session = hub.hubStore.state.sessions[id];
      const env = { ...process.env, ...(hub.agents.get(id)?.spec.env ?? {}) };
      return session ? transcriptFiles(hub.clis.transcriptPatterns, session, env, os.homedir()) : [];
    },
    hasCommand: (id) => hub.commands.stack(id).length > 0,
    paletteKeys: () => {
      // From insert mode (where you type): the way out, then normal mode's palette key.
      const open = keysFor(hub.inputCtl.bindingsFor('normal'), 'palette.open')[0];
      return open ? `${hub.inputCtl.wayOut} ${open}` : null;
    },
    hubKeys: (id) => {
      const key = keysFor(hub.inputCtl.bindingsFor('normal'), id)[0];
      return key ? `${formatKeyForDisplay(hub.inputCtl.wayOut)} ${formatKeyForDisplay(key)}` : null;
    },
    // An agent's requests are its own, judged as its (commands/apply-request.ts); yours are a script's.
    // Lua's (app:NAME, app:call) are judged as its own requests are: its owner, who is at the keys.
    request: (r: Request, asker?: Principal, lua?: LuaOrigin) =>
      lua
        ? hub.request(r, 'lua', lua.by, lua.owner)
        : hub.request(r, 'cli', asker?.kind === 'agent' ? asker : 'script'),
    runCommand: (id, arg, asker) => hub.runCommand(id, arg, 'cli', asker.kind === 'agent' ? asker : 'script'),
    pipelineStartedBy: (run) => pipelineStartedBy(hub, run),
    askPlugin: (from, action, args) => {
      const ask = hub.plugins.asks.prepare(from, action, args);
      const name = hub.agents.get(from)?.name ?? `agent ${from}`;
      void hub.events.emit('plugin_asked', { ...ask, from: { id: from, name } }, ask.request);
      return ask;
    },
    push: (req) => hub.improvements.push(req),
    emit: (event, payload, subject) => hub.events.emit(event, payload, subject),
    log: (level, message) => hub.log.write(level, message),
    notify: sayer(hub),
    remoteOf: (id) => hub.machines.remoteOf(id),
    machines: hub.machines,
    resumeOf: (id) => resumeOf(hub, id),
    transcriptsOf: (id) => {
      const session = hub.hubStore.state.sessions[id];
      const env = { ...process.env, ...(hub.agents.get(id)?.spec.env ?? {}) };
      if (!session) return [];
      return hub.clis.transcriptPatterns.flatMap((pattern) =>
        transcriptFiles([pattern], session, env, os.homedir()).map((file) => ({ file, pattern })),
      );
    },
    watched: hub.frame.watched,
    holdRemote: (id) => hub.machines.hold(id),
    worktreesGone: (paths) => {
      for (const p of paths) {
        hub.worktrees.forgetPath(p);
        // (a pruned one is no longer on offer for removal)
        hub.lifecycle.offers.forget(p);
      }
    },
    pipelines: hub.pipelines,
    agentRuns: hub.agentRuns,
    drive: hub.drive,
    permissions: hub.permissions,
    improvementPusher: (name) => hub.improvements.history.livePusher(name),
    tryImprovement: (name, source, file) =>
      hub.lua.analyzeImprovement(
        name,
        source,
        readConfigFiles({ home: hub.opts.home }).filter((f) => f.layer === 'core'),
        file,
      ),
    improvements: {
      list: () => hub.improvements.history.list(),
      waiting: () => hub.improvements.waiting(),
      revert: (name, version) => hub.improvements.revert(name, version),
      answer: (accept, name) => hub.improvements.answer(accept, name),
    },
    sandboxed: () => hub.lua.sandboxedProcesses,
    attempt: (fn) => hub.runner.attempt(fn),
  };
}

/** How agent `id` starts again elsewhere: its profile's resume (its CLI's), or as it ran. */
async function resumeOf(
  hub: Parts,
  id: string,
): Promise<{ command: string; args?: string[]; resumed: boolean; error?: string } | null> {
  const record = hub.lifecycle.sessionAgents().find((r) => r.id === id);
  const plan = record ? planRestore([record]).plans[0] : undefined;
  if (!record || !plan) return null;
  const [a] = await hub.lua.resume([resumeFacts(plan.record, plan.spec)]);
  if (a?.error) return { command: record.command, resumed: false, error: a.error };
  if (a?.command) return { command: a.command, ...(a.args ? { args: a.args } : {}), resumed: true };
  return { command: record.command, ...(record.args ? { args: record.args } : {}), resumed: false };
}

/** What the review_* verbs need: the comments, where the served client's review panel points, settings. */
export function reviewPort(hub: Parts): ReviewPort {
  const panel = (agent: string) => {
    const c = hub.state.client;
    const r = c.review;
    if (!r || r.agent !== agent)
      throw new Error(`the review panel does not show the changes of agent ${agent} (v opens it)`);
    const sel = c.selection?.agentId === reviewKey(agent) ? c.selection : null;
    return { r, sel };
  };
  return {
    comments: hub.comments,
    at: (agent) => {
      const { r, sel } = panel(agent);
      const doc = hub.reviews.get(r.agent, r.mode)?.doc;
      if (!doc) throw new Error('the diff is still being made');
      const cursor = sel ? sel.cursor : r.top;
      const from = sel ? (sel.anchor ?? sel.cursor) : r.top;
      const at = placeAt(doc, Math.min(from, cursor), Math.max(from, cursor), cursor);
      if (sel || at.comment !== null) return at;
      // No selection: the first comment from the top of the panel down.
      const rows = [...(doc.commentOf ?? new Map<number, string>())].filter(([row]) => row >= r.top);
      rows.sort((a, b) => a[0] - b[0]);
      return { ...at, comment: rows[0]?.[1] ?? null };
    },
    endSelection: (agent) => {
      if (panel(agent).sel) hub.hubStore.dispatch({ type: 'select_cancel' });
    },
    snippet: (agent, file, line, end, side) => {
      const place = reviewHost(hub).place(agent);
      if (!place) throw new Error(`no agent ${agent}`);
      return snippetAt(place, file, line, end, side);
    },
    busy: () => hub.config.settings.review_busy ?? 'ask',
  };
}
