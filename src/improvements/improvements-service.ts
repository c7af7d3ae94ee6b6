import fs from 'node:fs';
import path from 'node:path';
import { ImprovementHistory, type VersionRecord } from '../reload/improvement-history.js';
import { RateLimiter, checkLiveLimit } from './rate-limit.js';
import type { Change, ChangePiece, CorpusVerdict } from '../lua/runtime/policy-review.js';
import type { ImprovementFacts } from '../hub/self.js';
import { outsideUses } from './outside-uses.js';
import { agentRequests, startsTimers } from '../plugins/agent-requests.js';
import { caseInput, counted, readCorpus, toState } from '../status/corpus.js';
import { PACKAGE_ROOT, displayPath } from '../reload/paths.js';

/** The state-detection cases shipped with the package (from ccmanager's tests; see its README). */
const SHIPPED_CORPUS = path.join(PACKAGE_ROOT, 'corpus/state-detection');
// Real screens of every CLI release captured here (each read with its release's rules): a change
// to a CLI's rules must keep them all right too.
const SHIPPED_REAL_SCREENS = path.join(PACKAGE_ROOT, 'corpus/real-screens');
import { ESCAPE_CHORD } from '../keys/default-bindings.js';
import type { ImprovementAnalysis, LuaHost, PolicyDecision } from '../worker/lua-host.js';
import type { Binding } from '../keys/keymap.js';
import { readConfigFiles } from '../reload/config-files.js';
import { policyDecision } from './policy-decision.js';
import { answerWithin } from '../clock/answer-within.js';
import { sourceDiff } from './source-diff.js';
import { cardText } from '../plugins/card.js';
import { improvementCard } from '../plugins/card-files.js';
import { WaitingImprovements, type WaitingImprovement } from './waiting.js';
import { trace } from '../trace/trace.js';

export interface PushRequest {
  name: string;
  source: string;
  agent_id: string | null;
}

export interface ImprovementsHost {
  home: string;
  lua: LuaHost;
  bindings(): Binding[];
  /** Where each live registration of a command id comes from, newest first (all a review needs of it). */
  commandStack(id: string): Array<{ source: string }>;
  /** Reload the configuration now (the accepted version is on disk); resolves with the error, if any. */
  reload(file: string): Promise<string | null>;
  notify(message: string): void;
  /** A hub event for hooks (improvement_asked: lua/default/improvements.lua asks the user). */
  emit(event: string, payload: Record<string, unknown>): void;
  /** The improvements waiting for the user now (app.improvements), each time that changes. */
  report?(waiting: ImprovementFacts[]): void;
  /** The questions with this key go: what they ask was answered (`improvement:NAME`). */
  withdrawQuestions?(key: string): void;
  /** The live way out of insert mode (settings.way_out), which no improvement may touch. */
  wayOut?(): string;
  log(level: string, message: string): void;
  /** How long a push waits for the user's answer to a collaborative decision (then: exit 2). */
  collaborativeWaitMs?: number;
}

const PUSHES_PER_MINUTE = 10;
const MAX_LIVE = 50;

/** Which layer a live registration comes from, by its file (plugins: HOME/plugins/NAME/...). */
function layerOf(source: string, home: string): Change['replaces'][number]['layer'] {
  if (source === 'builtin') return 'builtin';
  if (source.startsWith('lua/') || source.startsWith('keybindings/')) return 'default';
  if (source.startsWith('improvements/')) return 'improvement';
  if (source.startsWith(displayPath(path.join(home, 'plugins')) + '/')) return 'plugin';
  return 'user';
}

/**
 * Improvements pushed by agents: trial load in a sandbox, the policy's review, then live (with every
 * version kept), refused, or held for the user.
 */
export class ImprovementsService {
  readonly history: ImprovementHistory;
  private readonly limiter = new RateLimiter({ perMinute: PUSHES_PER_MINUTE });
  private readonly pending = new Map<
    string,
    {
      req: PushRequest;
      decision: PolicyDecision;
      registers: unknown;
      answered: (r: Record<string, unknown>) => void;
      facts: ImprovementFacts;
    }
  >();

  private readonly waitingFiles: WaitingImprovements;

  constructor(private readonly host: ImprovementsHost) {
    this.history = new ImprovementHistory(host.home);
    this.waitingFiles = new WaitingImprovements(host.home);
    // What a hub that is gone held for its user waits for nobody now.
    this.waitingFiles.clear();
  }

  /** The improvements waiting for the user's answer, oldest first. */
  waiting(): WaitingImprovement[] {
    return this.waitingFiles.list();
  }

  async push(req: PushRequest): Promise<Record<string, unknown>> {
    const who = req.agent_id ? `agent ${req.agent_id}` : 'a file';
    trace(`push: ${req.name} asked`);
    if (!ImprovementHistory.validName(req.name))
      return this.refuse(req, `invalid improvement name "${req.name}" (lower-case letters, digits, - and _)`);
    if (typeof req.source !== 'string' || req.source.length === 0)
      return this.refuse(req, 'empty improvement');
    const rate = this.limiter.allow(req.agent_id ?? 'files');
    if (!rate.ok) return this.refuse(req, rate.reason);
    const live = checkLiveLimit({
      live: this.history.liveCount(),
      replacing: this.history.isLive(req.name),
      max: MAX_LIVE,
    });
    if (!live.ok) return this.refuse(req, live.reason);

    let registers;
    try {
      const core = readConfigFiles({ home: this.host.home }).filter((f) => f.layer === 'core');
      registers = await this.host.lua.analyzeImprovement(req.name, req.source, core);
      trace(`push: ${req.name} analysed`);
    } catch (err) {
      this.host.log('error', `improvement ${req.name} from ${who} does not load: ${(err as Error).message}`);
      return {
        decision: 'escalated',
        confidence: 1,
        reasoning: 'it does not load',
        errors: [(err as Error).message],
        live: false,
      };
    }
    const own = `improvements/${req.name}.lua`;
    const existing = this.host.bindings().filter((b) => b.source !== own && !b.source.startsWith(`${own}:`));
    const change: Change = {
      kind: 'improvement',
      name: req.name,
      agent_id: req.agent_id,
      source: req.source,
      uses: outsideUses(req.source),
      drives: agentRequests(
        req.source,
        registers.bindings.map((b) => b.action),
      ),
      timers: startsTimers(req.source),
      bindings: registers.bindings,
      commands: registers.commands,
      hooks: registers.hooks,
      replaces: [...registers.bindings, ...registers.unbinds].flatMap((nb) =>
        existing
          .filter((b) => b.mode === nb.mode && b.keys.join(' ') === nb.key)
          .map((b) => ({
            mode: b.mode,
            key: nb.key,
            source: b.source,
            layer: layerOf(b.source, this.host.home),
          })),
      ),
      unbinds: registers.unbinds,
      way_out: this.host.wayOut?.() ?? ESCAPE_CHORD,
      overrides: registers.commands.flatMap((c) => {
        const shadowed = this.host
          .commandStack(c.id)
          .find((x) => x.source !== own && !x.source.startsWith(`${own}:`));
        return shadowed
          ? [{ id: c.id, source: shadowed.source, layer: layerOf(shadowed.source, this.host.home) }]
          : [];
      }),
    };
    if (registers.pieces?.length) change.pieces = this.piecesOf(registers.pieces, own);
    if (registers.adapters?.length) {
      change.adapters = registers.adapters;
      try {
        change.corpus = await this.corpusVerdict(req, registers.adapters);
      } catch (err) {
        // Adapters nobody could check against the cases do not go live.
        return this.refuse(
          req,
          `its status adapters could not be checked against the state-detection cases: ${(err as Error).message}`,
        );
      }
    }
    const decision = await this.policyDecision(change);
    trace(`push: ${req.name} reviewed (${decision.decision})`);
    // What its code does against what the policy granted (card.ts): in the answer (MCP, push) and the question.
    const card = cardText(improvementCard(req.name, req.source, decision.grant));
    const summary = { ...decision, registered: registers, card };
    this.host.log(
      'info',
      `improvement ${req.name} from ${who}: ${decision.decision} (${decision.reasoning})`,
    );
    if (decision.decision === 'autonomous')
      return { ...summary, ...(await this.goLive(req, decision, registers)) };
    if (decision.decision === 'collaborative') {
      // Wait a while for the user; past that the push reports "waiting" and the answer still applies later.
      const at = new Date().toISOString();
      const preview = { ...this.preview(req, decision, change), card };
      const answer = new Promise<Record<string, unknown>>((resolve) =>
        this.pending.set(req.name, {
          req,
          decision,
          registers,
          answered: resolve,
          facts: { ...preview, at },
        }),
      );
      this.waitingFiles.save({ name: req.name, agent_id: req.agent_id, reasoning: decision.reasoning, at });
      this.reportWaiting();
      // A question waits behind the hub's one badge, with what accepting changes (lua/default/improvements.lua).
      this.host.emit('improvement_asked', preview);
      const result = await answerWithin(answer, this.host.collaborativeWaitMs ?? 10000);
      return result ? { ...summary, ...result } : { ...summary, waiting: true, live: false };
    }
    return { ...summary, live: false };
  }

  /** What accepting it changes, as the question shows it: keys, commands, hooks, and its file's diff. */
  private preview(req: PushRequest, decision: PolicyDecision, change: Change): Omit<ImprovementFacts, 'at'> {
    let live = '';
    try {
      live = fs.readFileSync(this.history.livePath(req.name), 'utf8');
    } catch {
      // a new improvement: every line is added
    }
    return {
      name: req.name,
      agent_id: req.agent_id,
      reasoning: decision.reasoning,
      binds: change.bindings.map((b) => ({ mode: b.mode, key: b.key, action: b.action, desc: b.desc })),
      // Sources as the home names them (user/keybindings.lua:3): a dialog has no room for /home/me/.botster.
      replaces: change.replaces.map((r) => ({ ...r, source: this.inHome(r.source) })),
      unbinds: change.unbinds,
      commands: change.commands,
      overrides: (change.overrides ?? []).map((o) => ({ ...o, source: this.inHome(o.source) })),
      hooks: change.hooks,
      diff: sourceDiff(live, req.source),
      replacing: live !== '',
    };
  }

  private inHome(source: string): string {
    const home = path.resolve(this.host.home) + path.sep;
    const abs = path.resolve(this.host.home, source);
    return abs.startsWith(home) ? abs.slice(home.length) : source;
  }

  /** Its pieces as the policy sees them: whether each fits its slot, and the live piece it replaces. */
  private piecesOf(pieces: NonNullable<ImprovementAnalysis['pieces']>, own: string): ChangePiece[] {
    const live = this.host.lua.pieces.live.filter((p) => p.source !== own && !p.source.startsWith(`${own}:`));
    return pieces.map(({ slot, name, order, source, kind, limit, size, sample, error }) => {
      const old = live.find((p) => p.slot === slot && p.name === name);
      return {
        slot,
        name,
        order,
        source,
        kind,
        limit,
        size,
        fits: size !== null && size <= limit,
        sample,
        ...(error ? { error } : {}),
        ...(old ? { replaces: { source: old.source, layer: layerOf(old.source, this.host.home) } } : {}),
      };
    });
  }

  /** Slots of pieces it registered that the live layout does not place: they do not show. */
  private unplaced(registers: unknown): string[] {
    const placed = this.host.lua.pieces.placed;
    const pieces = (registers as { pieces?: Array<{ slot: string }> }).pieces ?? [];
    return [...new Set(pieces.map((p) => p.slot).filter((s) => !placed.includes(s)))];
  }

  /** Runs every state-detection case (shipped: the peer corpus and the real screens of every release; the user's saved ones) without and with the change. */
  private async corpusVerdict(req: PushRequest, adapters: Array<{ name: string }>): Promise<CorpusVerdict> {
    const cases = [
      ...readCorpus(SHIPPED_CORPUS),
      ...readCorpus(SHIPPED_REAL_SCREENS),
      ...readCorpus(path.join(this.host.home, 'corpus')),
    ].filter(counted);
    const core = readConfigFiles({ home: this.host.home }).filter((f) => f.layer === 'core');
    const results = await this.host.lua.corpusCheck(req.name, req.source, core, cases.map(caseInput));
    const out: CorpusVerdict = { cases: cases.length, before: 0, after: 0, broken: [], fixed: [] };
    results.forEach((r, i) => {
      const c = cases[i];
      const want = toState(c.expected);
      const describe = (got: string | null) =>
        `${c.program}: ${c.name} (expected ${want}, ${got ? `now ${got}` : 'now no answer'})`;
      if (r.before === want) out.before++;
      if (r.after === want) out.after++;
      if (r.before === want && r.after !== want) out.broken.push(describe(r.after));
      if (r.before !== want && r.after === want) out.fixed.push(`${c.program}: ${c.name}`);
    });
    this.host.log(
      'info',
      `improvement ${req.name} (adapters ${adapters.map((a) => a.name).join(', ')}): ${out.before} -> ${out.after} of ${out.cases} state-detection cases right, ${out.broken.length} broken`,
    );
    return out;
  }

  private policyDecision(change: Change): Promise<PolicyDecision> {
    return policyDecision(this.host.home, (policy, c) => this.host.lua.review(policy, c), change);
  }

  private async goLive(
    req: PushRequest,
    decision: PolicyDecision,
    registers: unknown,
  ): Promise<Record<string, unknown>> {
    const record = this.history.accept(req.name, req.source, {
      agentId: req.agent_id,
      decision: decision.decision,
      confidence: decision.confidence,
      reasoning: decision.reasoning,
      registers,
      ...(decision.grant ? { grant: decision.grant } : {}),
    });
    trace(`push: ${req.name} kept (version ${record.version})`);
    const error = await this.host.reload(this.history.livePath(req.name));
    trace(`push: ${req.name} reloaded`);
    if (error) return { live: false, version: record.version, errors: [error] };
    const unplaced = this.unplaced(registers);
    return {
      live: true,
      version: record.version,
      ...(unplaced.length
        ? { not_shown: unplaced.map((s) => `the live layout places no slot "${s}" (ui.slot("${s}"))`) }
        : {}),
    };
  }

  /**
   * An earlier version of NAME live again (the one before the live one, or `version`), the
   * configuration reloaded with it at once: its record, and the load's error, if any.
   */
  async revert(name: string, version?: number): Promise<{ record: VersionRecord; error: string | null }> {
    const record = this.history.revert(name, version);
    return { record, error: await this.host.reload(this.history.livePath(name)) };
  }

  /** app.improvements: what waits for the user here now, oldest first. */
  private reportWaiting(): void {
    this.host.report?.([...this.pending.values()].map((p) => p.facts));
  }

  /** The user's answer to a collaborative decision (the latest waiting one if no name). */
  async answer(accept: boolean, name?: string): Promise<string> {
    const key = name ?? [...this.pending.keys()].pop();
    const p = key ? this.pending.get(key) : undefined;
    if (!key || !p)
      return name ? `no improvement "${name}" is waiting for you` : 'no improvement is waiting for you';
    this.pending.delete(key);
    this.waitingFiles.remove(key);
    this.reportWaiting();
    // However it was answered (its question, the palette, a script), its question is not waiting now.
    this.host.withdrawQuestions?.(`improvement:${key}`);
    if (!accept) {
      this.host.log('info', `improvement ${key} rejected by the user`);
      p.answered({
        decision: 'escalated',
        reasoning: `${p.decision.reasoning} (rejected by the user)`,
        live: false,
      });
      return `improvement ${key} rejected`;
    }
    const res = await this.goLive(
      p.req,
      { ...p.decision, reasoning: `${p.decision.reasoning} (accepted by the user)` },
      p.registers,
    );
    p.answered({
      decision: 'autonomous',
      reasoning: `${p.decision.reasoning} (accepted by the user)`,
      ...res,
    });
    return res.live
      ? `improvement ${key} is live (v${res.version})`
      : `improvement ${key} failed: ${String((res.errors as string[])?.[0])}`;
  }

  private refuse(req: PushRequest, reason: string): Record<string, unknown> {
    this.host.log(
      'error',
      `improvement ${req.name} from ${req.agent_id ? `agent ${req.agent_id}` : 'a file'} refused: ${reason}`,
    );
    return { decision: 'escalated', confidence: 1, reasoning: reason, live: false };
  }
}
