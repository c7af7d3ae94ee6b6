import type { AgentSpec } from '../agents/types.js';
import type { Store } from '../hub/store.js';

// What each agent was asked to be (e.g. `profile:claude`) when that differs from what runs: a
// restart asks for it again, session.json and the keeper record it, `self` shows its profile.

export class RequestedSpecs {
  private readonly specs = new Map<string, AgentSpec>();

  constructor(private readonly store: Pick<Store, 'dispatch'>) {}

  /** Agent `id` was asked to be `spec`: `self` shows the profile it names. */
  note(id: string, spec: AgentSpec): void {
    this.specs.set(id, spec);
    const profile = this.profileOf(id);
    if (profile) this.store.dispatch({ type: 'agent_facts', id, facts: { profile } });
  }

  get(id: string): AgentSpec | undefined {
    return this.specs.get(id);
  }

  /** The profile an agent was started from (`profile:NAME`), if any. */
  profileOf(id: string): string | undefined {
    const m = /^profile:(.+)$/.exec(this.specs.get(id)?.command.trim() ?? '');
    return m ? m[1] : undefined;
  }
}
