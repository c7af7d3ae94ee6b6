import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach } from 'vitest';
import type { Hub, HubOptions } from '../../src/app/hub.js';
import { controlHandler } from '../../src/server/control.js';
import { installAgentBin } from '../../src/lifecycle/agent-path.js';
import { ControlServer, type ControlServerOptions } from '../../src/server/control-socket.js';
import { tempHome } from './hub.js';
import { useHub } from './use-hub.js';
import { BIN } from './cli.js';
import { writeLock } from '../../src/plugins/lock.js';

// An in-process hub with its control socket, and the real CLI in child processes (fleet tests).

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function fleetHubs() {
  const hubs = useHub();
  const servers: ControlServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return async (
    agents: Array<{ command: string; name?: string }> = [],
    files: Record<string, string> = {},
    opts: Partial<HubOptions> = {},
    serverOpts: Partial<ControlServerOptions> = {},
  ) => {
    const home = tempHome(files);
    const socket = path.join(home, 'hub.sock');
    const bin = installAgentBin(home);
    const hub: Hub = await hubs.real({ home, agents, env: { BOTSTER_SOCKET: socket }, ...opts });
    const server = new ControlServer({ path: socket, handler: controlHandler(hub.control), ...serverOpts });
    await server.listen();
    servers.push(server);
    const env = { BOTSTER_HOME: home, BOTSTER_SOCKET: socket, PATH: `${bin}:${process.env.PATH}` };
    const cli = (args: string[], extra: Record<string, string | undefined> = {}) =>
      exec(process.execPath, [BIN, ...args], { ...env, ...extra });
    return { hub, home, socket, server, env, cli };
  };
}

/** Runs a command without blocking this process's event loop (the hub answers in it). */
export function exec(
  file: string,
  args: string[],
  env: Record<string, string | undefined>,
  opts: { cwd?: string; stdin?: string } = {},
): Promise<Run> {
  const e: Record<string, string> = {};
  for (const [k, v] of Object.entries({
    ...process.env,
    CI: 'true',
    BOTSTER_AGENT_ID: undefined,
    BOTSTER_SOCKET: undefined,
    BOTSTER_HOME: undefined,
    ...env,
  }))
    if (v !== undefined) e[k] = v;
  return new Promise((resolve) => {
    const child = spawn(file, args, { env: e, stdio: ['pipe', 'pipe', 'pipe'], cwd: opts.cwd });
    // (a child that has what it needs may close its stdin before all of it was written)
    child.stdin.on('error', () => {});
    child.stdin.end(opts.stdin);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 40000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** The scripting example of docs/scripting.md. */
export function docsScript(): string {
  const page = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/scripting.md'), 'utf8');
  const m = /<!-- scripting-example[^>]*-->\n```sh\n([\s\S]*?)```/.exec(page);
  if (!m) throw new Error('docs/scripting.md has no scripting example');
  return m[1];
}

/** A plugin `someplugin` in the home's lock that wants `send` and was granted nothing (asks to grant it). */
export function lockSomePlugin(home: string): void {
  const plugin = {
    name: 'someplugin',
    kind: 'folder' as const,
    source: '/nowhere',
    version: '1.0.0',
    wants: ['send' as const],
    granted: [],
    enabled: true,
  };
  writeLock(home, { version: 1, plugins: { someplugin: plugin } } as never);
}
