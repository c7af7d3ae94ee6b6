import type { IDisposable, Terminal as XTerminal } from '@xterm/headless';

// Focus reports, as a terminal sends them to a program that asked (DEC private mode 1004): `ESC [ I`
// when the program's pane gains the focus, `ESC [ O` when it loses it. xterm.js sends them only
// from a browser's focus; a headless terminal has none, so the hub says where the focus is
// (src/agents/agent-focus.ts) and this sends the reports. As tmux does with `focus-events on`, a
// program that turns the mode on while it has the focus hears `ESC [ I` at once.

const FOCUS_MODE = 1004;

const IN = '\x1b[I';
const OUT = '\x1b[O';

export class FocusReports implements IDisposable {
  private focused = false;
  private readonly handlers: IDisposable[];

  constructor(
    private readonly term: XTerminal,
    private readonly reply: (data: string) => void,
  ) {
    // (false: xterm goes on to set the mode itself)
    const set = (params: (number | number[])[]) => {
      if (this.focused && params.includes(FOCUS_MODE)) this.reply(IN);
      return false;
    };
    this.handlers = [term.parser.registerCsiHandler({ prefix: '?', final: 'h' }, set)];
  }

  /** Does the program ask for focus reports now? */
  get asked(): boolean {
    return this.term.modes.sendFocusMode;
  }

  /** Its pane has the focus (`true`) or lost it: reported when the program asks and it changed. */
  set(focused: boolean): void {
    if (focused === this.focused) return;
    this.focused = focused;
    this.report();
  }

  private report(): void {
    if (this.asked) this.reply(this.focused ? IN : OUT);
  }

  dispose(): void {
    for (const h of this.handlers.splice(0)) h.dispose();
  }
}
