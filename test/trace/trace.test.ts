import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HubLog } from '../../src/trace/hub-log.js';

// What the processes write about themselves (src/trace): the hub's log and BOTSTER_TRACE's
// milestones. Neither may ever take the hub down.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  vi.unstubAllEnvs();
  vi.resetModules();
});
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-'));
  dirs.push(d);
  return d;
}

describe('the hub log', () => {
  it('appends a line per message to logs/hub.log, making the folder', () => {
    const home = tmp();
    const log = new HubLog(home);
    log.write('info', 'server: started');
    log.write('error', 'lua: user/layout.lua:3: boom');
    expect(log.path).toBe(path.join(home, 'logs', 'hub.log'));
    const lines = fs.readFileSync(log.path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+ INFO server: started$/);
    expect(lines[1]).toMatch(/ ERROR lua: user\/layout\.lua:3: boom$/);
  });

  it('says nothing and throws nothing where it cannot write (a home that is a file)', () => {
    const file = path.join(tmp(), 'not-a-folder');
    fs.writeFileSync(file, '');
    expect(() => new HubLog(file).write('error', 'lost')).not.toThrow();
  });
});

describe('BOTSTER_TRACE', () => {
  it('appends each milestone with its times and pid, and nothing without it', async () => {
    const file = path.join(tmp(), 'trace');
    vi.stubEnv('BOTSTER_TRACE', file);
    const { trace } = await import('../../src/trace/trace.js');
    trace('server: socket claimed');
    const [line] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const [sinceStart, epoch, pid, , , ...what] = line.split(' ');
    expect(Number(sinceStart)).toBeGreaterThan(0);
    expect(Math.abs(Number(epoch) - Date.now())).toBeLessThan(60_000);
    expect(Number(pid)).toBe(process.pid);
    expect(what.join(' ')).toBe('server: socket claimed');

    vi.resetModules();
    vi.stubEnv('BOTSTER_TRACE', '');
    const quiet = await import('../../src/trace/trace.js');
    quiet.trace('not written');
    expect(fs.readFileSync(file, 'utf8')).not.toContain('not written');
  });
});
