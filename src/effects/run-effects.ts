// The one place that performs the reducer's effects. It knows nothing of the hub's state: what it
// needs comes in as callbacks, and results go back as intents through `dispatch`.
import { execFileSync } from 'node:child_process';
import type { Effect } from '../hub/effect.js';
import type { Intent } from '../hub/intents.js';
import type { Answerer, ChooseAction } from '../hub/state.js';
import { realClock, type Clock, type ClockTimer } from '../clock/clock.js';
import { plural } from '../hub/plural.js';

export interface EffectHost {
  dispatch(intent: Intent): void;
  emit(event: string, payload: Record<string, unknown>, subject?: string): void;
  log(level: string, text: string): void;
  /** Bytes to the user's terminal. */
  write(data: string): void;
  /** Lines of an agent's scrollback (0 = oldest held), for copying. */
  lines(agentId: string, from: number, to: number): string[] | null;
  run(id: string, arg?: unknown): void;
  choose(action: ChooseAction, value: string | null, arg?: string, by?: Answerer): void;
  /** Configuration `generation` went live: each part reads its share of it. */
  configured(generation: number): void;
}

export class EffectRunner {
  private readonly timers = new Map<string, ClockTimer>();
  /** The last text copied (for tests and Lua). */
  copied = '';

  constructor(
    private readonly host: EffectHost,
    private readonly clock: Clock = realClock,
  ) {}

  run(effects: Effect[]): void {
    for (const e of effects) {
      try {
        this.perform(e);
      } catch (err) {
        this.host.log('error', `effect ${e.type}: ${(err as Error).stack ?? err}`);
      }
    }
  }

  private perform(e: Effect): void {
    switch (e.type) {
      case 'emit':
        return this.host.emit(e.event, e.payload, e.subject);
      case 'timer': {
        const old = this.timers.get(e.name);
        this.clock.clearTimeout(old);
        this.timers.set(
          e.name,
          this.clock.setTimeout(() => {
            this.timers.delete(e.name);
            this.host.dispatch(e.intent);
          }, e.ms),
        );
        return;
      }
      case 'log':
        return this.host.log(e.level, e.text);
      case 'copy':
        return this.copy(e.agentId, e.from, e.to);
      case 'run':
        return this.host.run(e.id, e.arg);
      case 'choose':
        return this.host.choose(e.action, e.value, e.arg, e.by);
      case 'terminal':
        return this.host.write(e.data);
      case 'configured':
        return this.host.configured(e.generation);
    }
  }

  /** OSC 52 to the user's terminal, and $BOTSTER_COPY_COMMAND if set. */
  private copy(agentId: string, from: number, to: number): void {
    const lines = this.host.lines(agentId, from, to);
    if (!lines) return;
    const text = lines.join('\n');
    this.host.write(`\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`);
    const cmd = process.env.BOTSTER_COPY_COMMAND;
    if (cmd) {
      try {
        execFileSync('/bin/sh', ['-c', cmd], {
          input: text,
          stdio: ['pipe', 'ignore', 'ignore'],
          timeout: 2000,
        });
      } catch (err) {
        this.host.log('error', `copy command failed: ${(err as Error).message}`);
      }
    }
    this.copied = text;
    this.host.dispatch({ type: 'notify', text: `copied ${plural(lines.length, 'line')}`, level: 'info' });
  }

  dispose(): void {
    for (const t of this.timers.values()) this.clock.clearTimeout(t);
    this.timers.clear();
  }
}
