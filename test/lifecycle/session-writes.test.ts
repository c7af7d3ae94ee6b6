import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bareSessions } from '../support/sessions-host.js';
import { until } from '../support/wait.js';
import {
  KEEPERS_GAP_MS,
  PROGRAM_WRITE_GAP_MS,
  SESSION_WRITE_GAP_MS,
} from '../../src/lifecycle/hub-sessions.js';
import { sessionPath } from '../../src/lifecycle/session-file.js';
import type { SessionAgent } from '../../src/lifecycle/session-file.js';

// session.json follows the agents without being written at every change of every agent (issue 97:
// 50 of 300 agents printing now and then: 0.46 s of the main thread in 10): a burst
// of changes writes at its start and once more a gap later, with what the burst came to.
describe('session.json: a burst of changes', () => {
  it('is written a few times, the last write holding the last change; a stop writes at once', async () => {
    let agents: SessionAgent[] = [];
    const bare = bareSessions(() => agents);
    const { home, sessions } = bare;
    const changed = () => bare.changed();
    sessions.record();
    await until('the first write', () => bare.keeps === 1);
    const t0 = performance.now();
    for (let i = 1; i <= 100; i++) {
      agents = [{ id: String(i), command: 'sh', cwd: home } as SessionAgent];
      changed();
      await new Promise((r) => setImmediate(r));
    }
    const burst = performance.now() - t0;
    const read = () => JSON.parse(fs.readFileSync(sessionPath(home), 'utf8')) as { agents: SessionAgent[] };
    await until('the burst written as it ended', () => read().agents[0]?.id === '100');
    expect(bare.keeps - 1).toBeLessThanOrEqual(2 + Math.ceil(burst / SESSION_WRITE_GAP_MS));
    // What a resume needs (a conversation id reported) is written before the caller answers, even
    // within the gap after the last write: a server killed right after still resumes it.
    agents = [{ id: '1', command: 'sh', cwd: home, sessions: [{ id: 'conv-1' }] } as SessionAgent];
    changed();
    sessions.changed(true);
    expect(read().agents[0]?.sessions?.[0]?.id).toBe('conv-1');
    // A stop is written at once, with what is pending.
    agents = [{ id: '101', command: 'sh', cwd: home } as SessionAgent];
    changed();
    sessions.stop('stopped', true);
    expect(read().agents[0]?.id).toBe('101');
    expect(path.basename(sessionPath(home))).toBe('session.json');
  });

  it('is not written again for what it does not hold: a state change reaches the keepers only, and the same records are not rewritten', async () => {
    const agents: SessionAgent[] = [];
    const bare = bareSessions(() => agents);
    const { home, sessions } = bare;
    agents.push({ id: '1', command: 'sh', cwd: home } as SessionAgent);
    const changed = (only?: 'keepers') => bare.changed(only);
    sessions.record();
    await until('the first write', () => bare.keeps === 1);
    // (each write renames a new file into place: a new inode)
    const inode = () => fs.statSync(sessionPath(home)).ino;
    const first = inode();
    changed('keepers');
    changed('keepers');
    await until('the keepers told', () => bare.keeps === 2, KEEPERS_GAP_MS * 5);
    expect(inode()).toBe(first);
    // A change that leaves the records as they were: the keepers are told, the file stays.
    changed();
    await until('the keepers told again', () => bare.keeps === 3);
    expect(inode()).toBe(first);
    agents.push({ id: '2', command: 'sh', cwd: home } as SessionAgent);
    changed();
    await until('the new agent written', () => inode() !== first);
    sessions.dispose();
  });

  it('a foreground program that changed is written, not at once: with the next change, or a program gap after the last write', async () => {
    const agents: SessionAgent[] = [];
    const bare = bareSessions(() => agents);
    const { home, sessions } = bare;
    agents.push({ id: '1', command: 'bash', cwd: home, program: 'bash' } as SessionAgent);
    const before = performance.now();
    sessions.record();
    await until('the first write', () => bare.keeps === 1);
    const read = () => JSON.parse(fs.readFileSync(sessionPath(home), 'utf8')) as { agents: SessionAgent[] };
    const written = performance.now();
    // A shell's loop: `sleep`, then the shell again, then `claude`.
    agents[0]!.program = 'sleep';
    sessions.programChanged();
    agents[0]!.program = 'bash';
    sessions.programChanged();
    agents[0]!.program = 'claude';
    sessions.programChanged();
    await new Promise((r) => setTimeout(r, SESSION_WRITE_GAP_MS * 2));
    expect(performance.now() - written).toBeLessThan(PROGRAM_WRITE_GAP_MS);
    expect(read().agents[0]?.program).toBe('bash');
    await until(
      'the program written',
      () => read().agents[0]?.program === 'claude',
      PROGRAM_WRITE_GAP_MS * 3,
    );
    expect(performance.now() - before).toBeGreaterThanOrEqual(PROGRAM_WRITE_GAP_MS - 1);
    // A program change, then an agent that starts: both are written a (short) gap after the last write.
    agents[0]!.program = 'vim';
    sessions.programChanged();
    agents.push({ id: '2', command: 'sh', cwd: home } as SessionAgent);
    bare.changed();
    const asked = performance.now();
    await until('both written', () => read().agents.length === 2, PROGRAM_WRITE_GAP_MS * 3);
    expect(read().agents[0]?.program).toBe('vim');
    expect(performance.now() - asked).toBeLessThan(PROGRAM_WRITE_GAP_MS);
    sessions.dispose();
  });
});
