import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { controlHandler } from '../../src/server/control.js';
import { ControlServer } from '../../src/server/control-socket.js';
import { WebControl } from '../../src/server/web-control.js';
import { WebReveal } from '../../src/server/web-reveal.js';
import { useHub } from '../support/use-hub.js';
import { exec } from '../app/fleet-helpers.js';
import { BIN } from '../app/cli-pty.js';

// `botster-tui web` as typed in an agent: the real CLI against a hub's socket. It never prints the
// address's token; the hub's own window shows it, after Shift+Y typed there.

const hubs = useHub();
const closing: Array<{ close(): Promise<void> } | { dispose(): Promise<void> }> = [];
afterEach(async () => {
  for (const c of closing.splice(0)) await ('close' in c ? c.close() : c.dispose());
});

describe('botster-tui web', () => {
  it('prints where it listens, never the token; the token shows only at the hub terminal after Shift+Y', async () => {
    const hub = await hubs.real({ agents: [{ command: 'cat' }] });
    const drawn: string[] = [];
    let typed: string | null = null;
    const reveal = new WebReveal({
      served: () => ({ id: 'c1', cols: 100, rows: 40 }),
      write: (data) => void drawn.push(data),
      redraw: () => {},
    });
    const web = new WebControl(
      { control: hub.control, lua: hub.lua, apply: (r, s) => hub.runner.applyRequests(r, s) },
      reveal,
    );
    const socket = path.join(hub.opts.home, 'hub.sock');
    const server = new ControlServer({
      path: socket,
      handler: controlHandler(hub.control, { web: (r) => web.op(r) }),
    });
    await server.listen();
    closing.push(server, web);
    const env = { BOTSTER_HOME: hub.opts.home, BOTSTER_SOCKET: socket };
    const run = await exec(process.execPath, [BIN, 'web'], env);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+; the hub asks, in its own window/);
    expect(run.stdout + run.stderr).not.toMatch(/token/i);
    // Only the terminal's own Shift+Y shows it there; any other key declines.
    expect(drawn.join('')).not.toMatch(/token=/);
    expect(reveal.input('c1', Buffer.from('y'))).toBe(true);
    expect(drawn.join('')).not.toMatch(/token=/);
    await exec(process.execPath, [BIN, 'web'], env);
    expect(reveal.input('c1', Buffer.from('Y'))).toBe(true);
    typed = /http:\/\/127\.0\.0\.1:\d+\/login\?token=[\w-]+/.exec(drawn.join(''))?.[0] ?? null;
    expect(typed).not.toBeNull();
    const sessions = await exec(process.execPath, [BIN, 'web', 'sessions'], env);
    expect(sessions.stdout).toMatch(/no sessions/);
    expect((await exec(process.execPath, [BIN, 'web', 'revoke', 'nobody'], env)).status).toBe(2);
    expect((await exec(process.execPath, [BIN, 'web', 'stop'], env)).stdout).toMatch(/web: stopped/);
  });
});
