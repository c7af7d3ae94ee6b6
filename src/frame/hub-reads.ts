import type { WidgetNode } from '../tree/types.js';
import type { Compositor } from '../ui/compositor.js';
import type { Screen } from '../ui/screen/screen.js';
import type { FrameScheduler } from './frame-scheduler.js';
import { settle } from './settle.js';
import type { InFlight } from '../commands/in-flight.js';
import type { EffectRunner } from '../effects/run-effects.js';
import type { HubFrame } from './hub-frame.js';

/**
 * What tests, snapshots and the control socket read of a running hub: its frames, the screen a
 * client (or a reader who may not see some agents) sees, the last tree, and whether it is idle.
 * The hub (src/app/hub.ts) extends it with the parts these read.
 */
export abstract class HubReads {
  abstract readonly frame: HubFrame;
  abstract readonly scheduler: FrameScheduler;
  abstract readonly effects: EffectRunner;
  abstract readonly inFlight: InFlight;

  /** The served client's frame state (what its terminal shows, its panels). */
  get compositor(): Compositor {
    return this.frame.active.compositor;
  }

  get frames(): number {
    return this.scheduler.frames;
  }

  /** The last text copied (for tests and Lua). */
  get copied(): string {
    return this.effects.copied;
  }

  /** Where an agent's terminal is drawn (content box), if it is on screen. */
  panelOf(agentId: string): { x: number; y: number; w: number; h: number } | null {
    return this.compositor.slots.find((s) => s.slot.agent === agentId)?.rect ?? null;
  }

  /** Renders a whole frame now (Lua, layout, paint), optionally focusing an agent first. */
  frameNow(focusId?: string): Promise<void> {
    return this.frame.now(focusId);
  }

  /** Repaint the served client's whole frame next (e.g. after its terminal was cleared). */
  redraw(): void {
    this.frame.redraw();
    this.scheduler.request(true);
  }

  /** The served client's last frame as a screen of cells (for snapshots and tests). */
  screen(): Screen {
    return this.compositor.current();
  }

  /**
   * The served client's frame as a caller that may not read the agents `hidden` names sees it:
   * drawn from the state without what their screens say, their panels blank (frame/reader-frame.ts).
   */
  async readerScreen(hidden: (agent: string) => boolean): Promise<Screen> {
    return (await this.frame.reader((id) => !hidden(id))) ?? this.screen();
  }

  /** The last good tree Lua rendered. */
  get tree(): WidgetNode | null {
    return this.frame.lastGoodTree;
  }

  get busy(): boolean {
    return this.scheduler.busy;
  }

  /** Resolves once agents have been quiet for a moment and no frame is pending (bounded; snapshots). */
  settle(): Promise<void> {
    return settle({
      whenIdle: () => this.whenIdle(),
      busy: () => this.busy,
      lastOutputAt: () => this.frame.lastOutputAt,
      redraw: () => this.redraw(),
    });
  }

  /** Resolves once no key action is running and no frame is pending. */
  async whenIdle(): Promise<void> {
    await this.inFlight.settled();
    await this.scheduler.whenIdle();
  }

  track(p: Promise<void>): void {
    this.inFlight.track(p);
  }
}
