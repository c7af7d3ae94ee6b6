import { describe, expect, it, vi } from 'vitest';

// The package.json the running hub was installed with.
vi.mock('../../src/wire/version.js', async (orig) => ({
  ...(await orig<typeof import('../../src/wire/version.js')>()),
  packageVersion: () => '9.8.7-installed',
}));
import { controlHandler } from '../../src/server/control.js';
import type { ControlDeps } from '../../src/verbs/ports.js';
import type { ControlContext, ControlRequest } from '../../src/wire/control-request.js';
import type { Request } from '../../src/hub/requests.js';

// One route: the control socket's verbs act through the hub's own parts once the verb judged who
// asks: kill, close and new through the lifecycle room, run through the command runner, and the
// focus intent through the router keys and Lua use (commands/apply-request.ts); `send` is the
// agents' own ability (agents/type-into.ts), its keys read once. A unit test of the control layer
// over stand-ins for those parts; test/cli/fleet.test.ts drives the same ops against a real hub.

function agent(id: string, name: string, exited = false) {
  return {
    id,
    isExited: exited,
    machine: undefined,
    terminal: { modes: {}, cols: 80, rows: 24 },
    written: [] as string[],
    write(data: string) {
      this.written.push(data);
    },
    info: {
      id,
      name,
      command: 'cat',
      cwd: '/',
      pid: 1,
      status: exited ? 'exited' : 'running',
      exitCode: null,
      title: '',
    },
  };
}

function hub() {
  const agents = [agent('1', 'one'), agent('2', 'two', true)];
  const asked: Array<Request | Record<string, unknown>> = [];
  const typedInto: string[] = [];
  const started = agent('3', 'three');
  const deps = {
    home: '/nowhere',
    store: {
      state: { agentStates: {}, sessions: {}, notice: null, questions: [], facts: { agents: {} } },
      dispatch: () => {},
    },
    agents: {
      list: () => agents,
      get: (id: string) => agents.find((a) => a.id === id),
    },
    request: async (r: Request) => {
      asked.push(r);
      return undefined;
    },
    runCommand: async (id: string) => void asked.push({ run: id }),
    // (what the verbs carry out themselves: an agent's life)
    lifecycle: {
      start: async (spec: unknown, opts: { focus: boolean }) => {
        asked.push({ start: spec, focus: opts.focus });
        agents.push(started);
        return { agent: started };
      },
      kill: async (a: { id: string }) => {
        asked.push({ lifecycle: 'kill', id: a.id });
        return { stopped: true };
      },
      close: (a: { id: string }) => asked.push({ lifecycle: 'close', id: a.id }),
    },
    whenIdle: async () => {},
    drive: { startedBy: () => undefined, started: () => {} },
    remoteOf: () => undefined,
    profiles: () => [],
    hasCommand: (id: string) => id === 'agent.restart',
    paletteKeys: () => null,
    typed: (id: string) => typedInto.push(id),
    attempt: async (fn: (answered: () => Promise<void>) => Promise<void>) => {
      await fn(async () => {});
      return { errors: [], refused: [], said: null };
    },
  } as unknown as ControlDeps;
  const handle = controlHandler(deps);
  const op = (req: Record<string, unknown>) => handle(req as ControlRequest, {} as ControlContext);
  return { asked, op, agents, typedInto };
}

describe('the control socket acts through the parts, once judged', () => {
  it.each([
    [{ op: 'focus', agent: 'one' }, [{ type: 'focus', id: '1' }]],
    [{ op: 'kill', agent: '1' }, [{ lifecycle: 'kill', id: '1' }]],
    [{ op: 'close', agent: 'two' }, [{ lifecycle: 'close', id: '2' }]],
    [{ op: 'new', command: 'cat', caller_cwd: '/' }, [{ start: { command: 'cat', cwd: '/' }, focus: true }]],
    [
      { op: 'run', command: 'agent.restart', agent: 'one' },
      [{ type: 'focus', id: '1' }, { run: 'agent.restart' }],
    ],
  ])('%o', async (req, want) => {
    const { asked, op } = hub();
    await op(req);
    expect(asked).toEqual(want);
  });

  it('send types into the agent itself, once: no request, no second reading of the keys', async () => {
    const { asked, op, agents, typedInto } = hub();
    expect(await op({ op: 'send', agent: 'one', text: 'hi', keys: 'enter' })).toMatchObject({
      agent: { id: '1' },
      bytes: 3,
    });
    expect(asked).toEqual([]);
    expect(agents[0].written).toEqual(['hi\r']);
    expect(typedInto).toEqual(['1']);
  });

  it('what it refuses never reaches the router: an exited agent to kill, a running one to close, a bad key', async () => {
    const { asked, op } = hub();
    await expect(op({ op: 'kill', agent: 'two' })).rejects.toThrow(/has already exited/);
    await expect(op({ op: 'close', agent: 'one' })).rejects.toThrow(/is running/);
    await expect(op({ op: 'send', agent: 'one', keys: 'ctrl+nothing' })).rejects.toThrow();
    expect(asked).toEqual([]);
  });

  it('new answers with the agent the router started', async () => {
    const { op } = hub();
    expect(await op({ op: 'new', command: 'cat', caller_cwd: '/' })).toMatchObject({
      agent: { number: 3, id: '3', name: 'three' },
    });
  });

  it('ping answers the installed version (what package.json says where it runs), not a constant', async () => {
    const { op } = hub();
    expect(await op({ op: 'ping' })).toMatchObject({ version: '9.8.7-installed', agents: 2 });
  });
});
