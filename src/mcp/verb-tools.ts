// Made by scripts/protocol-table.mjs (npm run docs:protocol) from the verbs' declarations
// (src/verbs/, src/verbs/mcp-tools.ts): do not edit. `botster-tui mcp` lists these without
// loading the verbs (it starts as an agent's CLI starts); test/server/verb-docs.test.ts fails when stale.
import type { McpTool } from './server.js';

export const VERB_TOOLS: readonly McpTool[] = [
  {
    name: 'ping',
    description: "whether a hub answers: the installed package's version and how many agents it has",
    inputSchema: { type: 'object', properties: {}, required: [], additionalProperties: false },
    outputSchema: {
      type: 'object',
      properties: {
        version: { type: 'string', description: "the installed package's version" },
        agents: { type: 'integer', description: 'how many agents it has' },
        protocol: { type: 'string', description: 'the control protocol, MAJOR.MINOR' },
      },
      required: ['version', 'agents', 'protocol'],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: true },
  },
  {
    name: 'whoami',
    description: 'who the hub takes the caller for: you, or the agent it descends from',
    inputSchema: { type: 'object', properties: {}, required: [], additionalProperties: false },
    outputSchema: {
      type: 'object',
      properties: {
        principal: { description: '{kind: "user"} or {kind: "agent", id, why?}' },
        says: { type: 'string', description: 'who, in words' },
      },
      required: ['principal', 'says'],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: true },
  },
  {
    name: 'snapshot',
    description: "the hub's frame as an attached client sees it, after pressing keys (--keys)",
    inputSchema: {
      type: 'object',
      properties: {
        keys: { type: 'string', description: 'key spec, pressed first ("ctrl+g j")' },
        ansi: { type: 'boolean', description: 'keep colours and attributes (SGR escapes)' },
      },
      required: [],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: {
        frame: { type: 'string', description: 'the screen, as text (or ANSI)' },
        width: { type: 'integer' },
        height: { type: 'integer' },
      },
      required: ['frame', 'width', 'height'],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: false },
  },
  {
    name: 'push',
    description: 'offer Lua to the hub as an improvement: your policy (user/policy.lua) decides',
    inputSchema: {
      type: 'object',
      properties: {
        name: { type: 'string', description: "the improvement's name" },
        source: { type: 'string', description: 'its Lua' },
        agent_id: {
          type: 'string',
          description: 'the agent offering it, where the kernel cannot be asked (else the kernel says)',
        },
        from_agent: {
          type: 'boolean',
          description: 'an agent asks (older clients say so; the kernel decides)',
        },
      },
      required: ['name', 'source'],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: {},
      required: [],
      additionalProperties: true,
      description: "the policy's decision (see botster-tui push --help)",
    },
    annotations: { readOnlyHint: false },
  },
  {
    name: 'agents',
    description: 'the agents, as listed on screen (with their states)',
    inputSchema: { type: 'object', properties: {}, required: [], additionalProperties: false },
    outputSchema: {
      type: 'object',
      properties: {
        agents: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'string', description: 'its number, as listed' },
              name: { type: 'string' },
              command: { type: 'string' },
              cwd: { type: 'string' },
              state: { type: 'string', description: 'running, waiting, idle, done or exited' },
              status: { type: 'string', description: 'state, with done shown as idle (the older field)' },
              pid: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
              state_since: { anyOf: [{ type: 'string', description: 'ISO 8601' }, { type: 'null' }] },
              state_source: {
                anyOf: [{ type: 'string', description: 'screen, report, quiet or exit' }, { type: 'null' }],
              },
              session: {
                anyOf: [
                  { type: 'string', description: "its CLI's conversation id, as its hooks reported it" },
                  { type: 'null' },
                ],
              },
            },
            required: [
              'id',
              'name',
              'command',
              'cwd',
              'state',
              'status',
              'pid',
              'state_since',
              'state_source',
              'session',
            ],
            additionalProperties: true,
          },
        },
      },
      required: ['agents'],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: true },
  },
  {
    name: 'send',
    description: 'type text, then press keys, into an agent',
    inputSchema: {
      type: 'object',
      properties: {
        agent: {
          anyOf: [
            { type: 'string', minLength: 1, description: 'its number as listed, its name, or id:ID' },
            { type: 'integer', minimum: 1 },
          ],
          description: 'the agent to type into',
        },
        text: { type: 'string', description: 'text to type' },
        keys: { type: 'string', description: 'keys to press after it ("ctrl+c enter")' },
      },
      required: ['agent'],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: {
        agent: {
          type: 'object',
          properties: {
            id: { type: 'string', description: 'its number, as listed' },
            name: { type: 'string' },
          },
          required: ['id', 'name'],
          additionalProperties: false,
        },
        bytes: { type: 'integer', description: 'how many bytes were typed' },
      },
      required: ['agent', 'bytes'],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: false },
  },
  {
    name: 'status',
    description: "an agent's state, and with explain what its CLI's rules make of its screen",
    inputSchema: {
      type: 'object',
      properties: {
        agent: {
          anyOf: [
            { type: 'string', minLength: 1, description: 'its number as listed, its name, or id:ID' },
            { type: 'integer', minimum: 1 },
          ],
          description: 'the agent',
        },
        explain: {
          type: 'boolean',
          description: "what its CLI's rules make of its screen now, and who decided",
        },
        save_case: {
          type: 'string',
          description: 'save its screen as a case of this state (running, waiting or idle)',
        },
      },
      required: ['agent'],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: {
        agent: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            program: { type: 'string' },
            command: { type: 'string' },
          },
          required: ['id', 'name', 'program', 'command'],
          additionalProperties: false,
        },
        state: { type: 'string' },
        reason: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        source: {
          anyOf: [
            { type: 'string', description: 'who said so: screen, report, quiet, exit' },
            { type: 'null' },
          ],
        },
        since: { anyOf: [{ type: 'string', description: 'ISO 8601' }, { type: 'null' }] },
        decided: {
          anyOf: [
            {
              type: 'object',
              properties: {},
              required: [],
              additionalProperties: true,
              description: 'the adapter and rule that decided, with the lines it read',
            },
            { type: 'null' },
          ],
        },
        disagreement: {
          type: 'object',
          properties: {},
          required: [],
          additionalProperties: true,
          description: 'what the agent said and the screen read, when they disagree',
        },
        screen: { description: 'explain: the facts read from its screen' },
        now: { description: "explain: the adapters' verdict now" },
        saved: { description: 'save_case: where the case went' },
      },
      required: ['agent', 'state', 'reason', 'source', 'since', 'decided'],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: true },
  },
  {
    name: 'report',
    description: "an agent's own hooks say its state (running, waiting, idle, done)",
    inputSchema: {
      type: 'object',
      properties: {
        agent: {
          anyOf: [
            { type: 'string', minLength: 1, description: 'its number as listed, its name, or id:ID' },
            { type: 'integer', minimum: 1 },
          ],
          description: 'the agent whose state it is',
        },
        state: {
          type: 'string',
          enum: ['running', 'waiting', 'idle', 'done'],
          description: 'the state it is in',
        },
        reason: { type: 'string', description: 'why (a question, a command), up to 500 characters' },
        session: { type: 'string', description: "its CLI's conversation id (what resuming needs)" },
      },
      required: ['agent', 'state'],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: {
        agent: {
          type: 'object',
          properties: {
            id: { type: 'string', description: 'its number, as listed' },
            name: { type: 'string' },
          },
          required: ['id', 'name'],
          additionalProperties: false,
        },
        state: { type: 'string', description: 'the state it is in now' },
        reason: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        session: { anyOf: [{ type: 'string' }, { type: 'null' }] },
      },
      required: ['agent', 'state', 'reason', 'session'],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: false },
  },
  {
    name: 'new',
    description: 'start an agent (a command or a profile), optionally in a new worktree or on a machine',
    inputSchema: {
      type: 'object',
      properties: {
        command: {
          type: 'string',
          minLength: 1,
          description: 'a shell command line, or with args the program',
        },
        args: {
          type: 'array',
          items: { type: 'string' },
          maxItems: 1000,
          description: "the program's arguments",
        },
        name: { type: 'string', minLength: 1, description: "the agent's name in the list" },
        cwd: {
          type: 'string',
          minLength: 1,
          pattern: '^/',
          description: "the folder it runs in (before a profile's own)",
        },
        caller_cwd: {
          type: 'string',
          minLength: 1,
          pattern: '^/',
          description: 'where the caller is: where it runs when neither cwd nor its profile names a folder',
        },
        worktree: {
          type: 'string',
          description: 'run it in a new git worktree on this branch ("": the hub names it)',
        },
        base: { type: 'string', minLength: 1, description: 'the branch the new worktree starts from' },
        profile: {
          type: 'string',
          minLength: 1,
          description: 'start this profile (user/profiles.lua) instead of a command',
        },
        focus: {
          type: 'boolean',
          description: "show it (default true; false leaves the hub's focus where it is)",
        },
        machine: {
          type: 'string',
          minLength: 1,
          description: "start it on this machine of the hub's settings.machines",
        },
      },
      required: [],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: {
        agent: {
          type: 'object',
          properties: {
            id: { type: 'string', description: 'its number, as listed' },
            name: { type: 'string' },
            command: { type: 'string' },
            cwd: { type: 'string' },
            state: { type: 'string', description: 'running, waiting, idle, done or exited' },
            status: { type: 'string', description: 'state, with done shown as idle (the older field)' },
            pid: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
            state_since: { anyOf: [{ type: 'string', description: 'ISO 8601' }, { type: 'null' }] },
            state_source: {
              anyOf: [{ type: 'string', description: 'screen, report, quiet or exit' }, { type: 'null' }],
            },
            session: {
              anyOf: [
                { type: 'string', description: "its CLI's conversation id, as its hooks reported it" },
                { type: 'null' },
              ],
            },
            number: { type: 'integer', description: 'its number, as listed' },
          },
          required: [
            'id',
            'name',
            'command',
            'cwd',
            'state',
            'status',
            'pid',
            'state_since',
            'state_source',
            'session',
            'number',
          ],
          additionalProperties: true,
        },
      },
      required: ['agent'],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: false },
  },
  {
    name: 'wait',
    description: 'answers when an agent reaches a state, or its screen matches output:REGEX',
    inputSchema: {
      type: 'object',
      properties: {
        agent: {
          anyOf: [
            { type: 'string', minLength: 1, description: 'its number as listed, its name, or id:ID' },
            { type: 'integer', minimum: 1 },
          ],
          description: 'the agent to wait for',
        },
        until: {
          type: 'string',
          description: 'running|waiting|idle|done|exited (several, comma-separated) or output:REGEX',
        },
        timeout_ms: {
          type: 'number',
          minimum: 0,
          description: 'give up after this many milliseconds (reason timeout)',
        },
      },
      required: ['agent', 'until'],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: {
        agent: {
          type: 'object',
          properties: {
            id: { type: 'string', description: 'its number, as listed' },
            name: { type: 'string' },
          },
          required: ['id', 'name'],
          additionalProperties: false,
        },
        state: { type: 'string', description: 'the state it is in' },
        reason: { anyOf: [{ type: 'string', description: "the state's reason" }, { type: 'null' }] },
        match: { type: 'string', description: 'output:REGEX: what matched' },
        waited_ms: { type: 'integer' },
      },
      required: ['agent', 'state', 'reason', 'waited_ms'],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: true },
  },
  {
    name: 'read',
    description: 'what an agent shows (its screen, or its scrollback too)',
    inputSchema: {
      type: 'object',
      properties: {
        agent: {
          anyOf: [
            { type: 'string', minLength: 1, description: 'its number as listed, its name, or id:ID' },
            { type: 'integer', minimum: 1 },
          ],
          description: 'the agent to read',
        },
        lines: { type: 'integer', minimum: 0, description: 'only the last N lines' },
        scrollback: { type: 'boolean', description: 'the lines above the screen too (all the hub keeps)' },
        ansi: { type: 'boolean', description: 'keep colours and attributes (SGR escapes)' },
      },
      required: ['agent'],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: {
        agent: {
          type: 'object',
          properties: { id: { type: 'string' }, name: { type: 'string' }, state: { type: 'string' } },
          required: ['id', 'name', 'state'],
          additionalProperties: false,
        },
        lines: { type: 'array', items: { type: 'string' } },
        cols: { type: 'integer' },
        rows: { type: 'integer' },
      },
      required: ['agent', 'lines', 'cols', 'rows'],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: true },
  },
  {
    name: 'kill',
    description: 'stop a running agent (SIGHUP, as the x key); a before_agent_kill handler may refuse',
    inputSchema: {
      type: 'object',
      properties: {
        agent: {
          anyOf: [
            { type: 'string', minLength: 1, description: 'its number as listed, its name, or id:ID' },
            { type: 'integer', minimum: 1 },
          ],
          description: 'the agent to stop',
        },
      },
      required: ['agent'],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: {
        agent: {
          type: 'object',
          properties: {
            id: { type: 'string', description: 'its number, as listed' },
            name: { type: 'string' },
          },
          required: ['id', 'name'],
          additionalProperties: false,
        },
      },
      required: ['agent'],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: false },
  },
  {
    name: 'focus',
    description: 'show an agent in the client that typed last',
    inputSchema: {
      type: 'object',
      properties: {
        agent: {
          anyOf: [
            { type: 'string', minLength: 1, description: 'its number as listed, its name, or id:ID' },
            { type: 'integer', minimum: 1 },
          ],
          description: 'the agent to show',
        },
      },
      required: ['agent'],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: {
        agent: {
          type: 'object',
          properties: {
            id: { type: 'string', description: 'its number, as listed' },
            name: { type: 'string' },
          },
          required: ['id', 'name'],
          additionalProperties: false,
        },
      },
      required: ['agent'],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: false },
  },
  {
    name: 'close',
    description: 'take an agent that exited off the list',
    inputSchema: {
      type: 'object',
      properties: {
        agent: {
          anyOf: [
            { type: 'string', minLength: 1, description: 'its number as listed, its name, or id:ID' },
            { type: 'integer', minimum: 1 },
          ],
          description: 'the agent to take off the list',
        },
      },
      required: ['agent'],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: {
        agent: {
          type: 'object',
          properties: {
            id: { type: 'string', description: 'its number, as listed' },
            name: { type: 'string' },
          },
          required: ['id', 'name'],
          additionalProperties: false,
        },
      },
      required: ['agent'],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: false },
  },
  {
    name: 'restart',
    description:
      'stop an agent and start it again in its place (same number, command, folder and conversation)',
    inputSchema: {
      type: 'object',
      properties: {
        agent: {
          anyOf: [
            { type: 'string', minLength: 1, description: 'its number as listed, its name, or id:ID' },
            { type: 'integer', minimum: 1 },
          ],
          description: 'the agent to restart',
        },
      },
      required: ['agent'],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: {
        agent: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            pid: { anyOf: [{ type: 'integer', description: 'its new process' }, { type: 'null' }] },
          },
          required: ['id', 'name', 'pid'],
          additionalProperties: false,
        },
      },
      required: ['agent'],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: false },
  },
  {
    name: 'run',
    description: 'run a command of the palette by its id (--yes takes the first choice of its dialogs)',
    inputSchema: {
      type: 'object',
      properties: {
        command: { type: 'string', minLength: 1, description: 'its id, as the palette lists it' },
        arg: { type: 'string', description: 'its argument' },
        agent: {
          anyOf: [
            { type: 'string', minLength: 1, description: 'its number as listed, its name, or id:ID' },
            { type: 'integer', minimum: 1 },
          ],
          description: 'focus this agent first (the command acts on it)',
        },
        yes: { type: 'boolean', description: 'take the first choice of each dialog it opens' },
        from_agent: {
          type: 'boolean',
          description: 'an agent asks (older clients say so; the kernel decides)',
        },
      },
      required: ['command'],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: {
        command: { type: 'string' },
        chosen: { type: 'array', items: { type: 'string' }, description: 'the choices taken, a dialog each' },
        notice: { anyOf: [{ type: 'string', description: 'what it said on screen' }, { type: 'null' }] },
      },
      required: ['command', 'chosen', 'notice'],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: false },
  },
  {
    name: 'pipeline',
    description:
      "pipeline run|ls|show|cancel|pause|resume|retry|choose (an agent's run goes through your policy)",
    inputSchema: {
      type: 'object',
      properties: {
        what: {
          type: 'string',
          enum: ['run', 'ls', 'show', 'cancel', 'pause', 'resume', 'retry', 'choose'],
          description: 'what to do',
        },
        file: { type: 'string', description: 'run: the pipeline file (with source)' },
        source: { type: 'string', description: "run: the file's Lua" },
        vars: {
          type: 'object',
          additionalProperties: { type: 'string' },
          description: 'run: its variables, NAME: VALUE',
        },
        cwd: { type: 'string', description: 'run: where relative paths are (default: the home)' },
        wait: { type: 'boolean', description: 'run: answer when the run ends' },
        run: { type: 'string', description: "show, cancel, pause, resume, retry, choose: the run's id" },
        step: { type: 'string', description: "retry, choose: the step's id" },
        from_agent: {
          type: 'boolean',
          description: 'an agent asks (older clients say so; the kernel decides)',
        },
        agent_id: { type: 'string', description: 'the agent that asks, where the kernel cannot be asked' },
      },
      required: ['what'],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: {},
      required: [],
      additionalProperties: true,
      description:
        'run, show, cancel, pause, resume, retry, choose: run (and decision, choose_keys); ls: runs; an agent waiting for you: waiting, request, pipeline, decision',
    },
    annotations: { readOnlyHint: false },
  },
  {
    name: 'plugin_ask',
    description: 'an agent asks you, in the hub, to add, grant or enable a plugin: you answer there',
    inputSchema: {
      type: 'object',
      properties: {
        action: { type: 'string', description: 'add, grant or enable' },
        source: { type: 'string', description: 'add: a folder or a git URL' },
        name: { type: 'string', description: "grant, enable: the plugin's name" },
        caps: { type: 'string', description: 'grant: the capabilities, comma-separated' },
        cwd: { type: 'string', description: 'where a relative folder is' },
      },
      required: ['action'],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: {},
      required: [],
      additionalProperties: true,
      description: 'what you are asked in the hub: request (p1), action, source, folder?, name?, caps?',
    },
    annotations: { readOnlyHint: false },
  },
];
