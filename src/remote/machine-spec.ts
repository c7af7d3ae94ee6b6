import type { Dialer } from '../wire/dialer.js';
import { engineOf, execDialer } from './exec-dialer.js';
import { sshExec } from './ssh-dialer.js';

// A machine as the configuration names it (machines.define, settings.machines, checked in Lua:
// lua/core/machines.lua) and as the hub reaches it: the command that runs a command there.

/** One machine of the configuration, as Lua exports it. */
export interface MachineSetting {
  name: string;
  /** A host ssh takes (settings.machines' form, machines.define's `ssh`). */
  ssh?: string;
  /** The command that reaches it, program first. */
  exec?: string[];
  /** It hands what follows to a shell as one line, as ssh does (default: it is ssh). */
  line?: boolean;
  home?: string;
  command?: string;
  /** Its command's own environment (credentials go here, never on the command line). */
  env?: Record<string, string>;
}

export interface MachineSpec {
  /** How the hub names it (agent.machine, new --machine M, move AGENT M). */
  name: string;
  /** The command that runs a command there. */
  exec: string[];
  line: boolean;
  /** How messages name the way in: ssh, podman, kubectl, ... */
  engine: string;
  /** The hub's home there (default: that machine's default). */
  home?: string;
  /** How that machine's shell runs botster-tui. */
  command?: string;
  env?: Record<string, string>;
}

/** The spec a setting names: an ssh host becomes `ssh -o BatchMode=yes -T HOST` (a link never asks). */
export function machineSpec(s: MachineSetting, env: NodeJS.ProcessEnv = process.env): MachineSpec {
  const ssh = s.ssh && !s.exec?.length;
  const exec = ssh ? sshExec(s.ssh!, true, env) : [...(s.exec ?? [])];
  const engine = ssh ? 'ssh' : engineOf(exec);
  return {
    name: s.name,
    exec,
    line: s.line ?? engine === 'ssh',
    engine,
    ...(s.home ? { home: s.home } : {}),
    ...(s.command ? { command: s.command } : {}),
    ...(s.env && Object.keys(s.env).length ? { env: { ...s.env } } : {}),
  };
}

/** How a machine is reached, as words a person reads (`ssh gpu`, `podman exec -i box`). */
export function machineVia(spec: MachineSpec): string {
  const words = spec.engine === 'ssh' ? ['ssh', spec.exec.at(-1) ?? ''] : spec.exec;
  return words.map((w) => (/^[\w./=@:+,-]+$/.test(w) ? w : JSON.stringify(w))).join(' ');
}

/** Whether two specs reach the same hub the same way (a reload that changed nothing keeps its link). */
export function sameMachine(a: MachineSpec, b: MachineSpec): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The dialer of a machine's link: `start` starts its hub there when none runs (`restore`: bringing
 * back the agents the last one ran, the machine having gone away); else it only finds one.
 */
export function machineDialer(spec: MachineSpec, start: boolean, restore: boolean): Dialer {
  return execDialer(
    {
      label: spec.name,
      exec: spec.exec,
      line: spec.line,
      engine: spec.engine,
      home: spec.home,
      command: spec.command,
      env: spec.env,
      ...(start ? { start: { cols: 120, rows: 40 }, restore } : {}),
      noHub: `no hub server is running on ${spec.name} (its hub was stopped there; one started there is found again)`,
    },
    process.env,
  );
}
