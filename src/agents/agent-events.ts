import type { PlainEcho } from '../terminal/headless-terminal.js';
import { Listeners, type ErrorSink } from './listeners.js';
import type { AgentInfo } from './types.js';

/** What an agent tells those who watch it; a listener's error goes to `onError`, never to the agent. */
export class AgentEvents {
  /** Its info changed (status, title, exit). */
  readonly change: Listeners<[AgentInfo]>;
  /** Output was parsed into its terminal. */
  readonly output: Listeners<[]>;
  /** The PTY's bytes as they come (the web's terminals relay them: src/web/). */
  readonly data: Listeners<[string]>;
  /** A key's echo as it will print, before it is parsed (the frames draw it at once). */
  readonly echo: Listeners<[PlainEcho]>;
  readonly exit: Listeners<[AgentInfo]>;

  constructor(onError?: ErrorSink) {
    this.change = new Listeners(onError);
    this.output = new Listeners(onError);
    this.data = new Listeners(onError);
    this.echo = new Listeners(onError);
    this.exit = new Listeners(onError);
  }

  /** The agent is disposed of (data's listeners are left to unsubscribe themselves). */
  clear(): void {
    this.change.clear();
    this.output.clear();
    this.echo.clear();
    this.exit.clear();
  }
}
