import { describe, expect, it } from 'vitest';
import { DisposableStore } from '../../src/app/disposable-store.js';

describe('DisposableStore', () => {
  it('disposes last added first, objects and functions alike, once', async () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.add({ dispose: () => log.push('a') });
    store.add(() => log.push('b'));
    store.add({ dispose: async () => void log.push('c') });
    await store.dispose();
    await store.dispose();
    expect(log).toEqual(['c', 'b', 'a']);
    expect(store.isDisposed).toBe(true);
  });

  it('one that throws or rejects does not stop the others', async () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.add(() => log.push('first'));
    store.add(() => {
      throw new Error('boom');
    });
    store.add({ dispose: () => Promise.reject(new Error('late boom')) });
    store.add(() => log.push('last'));
    await store.dispose();
    expect(log).toEqual(['last', 'first']);
  });

  it('added after dispose: disposed at once', async () => {
    const store = new DisposableStore();
    await store.dispose();
    let gone = false;
    const d = store.add({ dispose: () => (gone = true) });
    expect(gone).toBe(true);
    expect(typeof d.dispose).toBe('function');
  });
});
