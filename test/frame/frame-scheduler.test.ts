import { describe, expect, test } from 'vitest';
import { FrameScheduler } from '../../src/frame/frame-scheduler.js';

const turn = () => new Promise((r) => setImmediate(r));

describe('FrameScheduler', () => {
  test('an urgent frame (a key echo) is drawn as soon as the current code is done, before work already queued for the turn', async () => {
    const log: string[] = [];
    const s = new FrameScheduler(() => void log.push('frame'));
    setImmediate(() => log.push('queued work')); // e.g. other agents' output waiting to be parsed
    s.request(true, true);
    s.request(true, true); // coalesced with the first
    log.push('sync');
    await turn();
    expect(log).toEqual(['sync', 'frame', 'queued work']);
    expect(s.frames).toBe(1);
    s.dispose();
  });

  test('an urgent request that is not for now (a command, whose reply may bring its tree) waits for the turn', async () => {
    const log: string[] = [];
    const s = new FrameScheduler(() => void log.push('frame'));
    setImmediate(() => log.push('queued work'));
    s.request(true);
    await turn();
    expect(log).toEqual(['queued work', 'frame']);
    s.dispose();
  });

  test('held (the hub starts its agents), only urgent requests draw; released, the pending one draws', async () => {
    let frames = 0;
    const s = new FrameScheduler(() => void frames++);
    s.hold(true);
    s.request(); // an agent was added: the planned frame shows it already
    await new Promise((r) => setTimeout(r, 40));
    expect(frames).toBe(0);
    s.request(true); // a key: drawn with everything pending
    await turn();
    expect(frames).toBe(1);
    s.request();
    await new Promise((r) => setTimeout(r, 40));
    expect(frames).toBe(1);
    s.hold(false);
    await new Promise((r) => setTimeout(r, 40));
    expect(frames).toBe(2);
    s.dispose();
  });

  test('a plain request waits for the next turn (coalesced), the cap holds it back after a frame', async () => {
    const log: string[] = [];
    const s = new FrameScheduler(() => void log.push('frame'), 1000);
    s.request();
    s.request();
    await Promise.resolve();
    expect(log).toEqual([]);
    await turn();
    expect(log).toEqual(['frame']);
    s.request(); // within the cap: a timer, not the next turn
    await turn();
    await turn();
    expect(log).toEqual(['frame']);
    s.dispose();
  });
});

describe('FrameScheduler after dispose', () => {
  const settled = async (p: Promise<void>) => {
    let done = false;
    void p.then(() => (done = true));
    for (let i = 0; i < 3; i++) await turn();
    return done;
  };

  test('whenIdle() resolves when a frame was still pending (it will never be drawn)', async () => {
    const s = new FrameScheduler(() => {}, 1000);
    s.request();
    await turn();
    s.request(); // within the cap: held back by a timer
    const before = s.whenIdle();
    s.dispose();
    expect(await settled(before)).toBe(true);
    expect(await settled(s.whenIdle())).toBe(true);
    expect(s.busy).toBe(false);
  });

  test('whenIdle() waits for a frame that was running at dispose, then resolves', async () => {
    let finish!: () => void;
    const s = new FrameScheduler(() => new Promise<void>((r) => (finish = r)));
    s.request(true, true);
    await turn(); // the frame runs and waits on `finish`
    s.request(); // another one pending behind it
    s.dispose();
    const idle = s.whenIdle();
    expect(await settled(idle)).toBe(false);
    finish();
    expect(await settled(idle)).toBe(true);
    expect(s.frames).toBe(1);
  });
});
