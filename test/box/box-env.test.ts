import { describe, expect, it } from 'vitest';
import { boxEnv } from '../../src/box/box-env.js';
import { boxOf, BoxError } from '../../src/box/box.js';

// A box's environment is an allowlist (src/box/box-env.ts): the basics, the box's vars (its CLI's),
// what was set for the agent; the hub's tokens stay out. box-creds.test.ts runs it in a real box.

const env = {
  PATH: '/bin',
  HOME: '/h',
  LANG: 'C.UTF-8',
  LC_ALL: 'C',
  TERM: 'xterm-256color',
  BOTSTER_AGENT_ID: '2',
  GITHUB_TOKEN: 'ghp_x',
  AWS_SECRET_ACCESS_KEY: 'x',
  ANTHROPIC_API_KEY: 'sk-ant',
  OPENAI_API_KEY: 'sk',
  SSH_AUTH_SOCK: '/run/user/1/ssh',
  MY_PROFILE_VAR: 'set for it',
};

describe("a box's environment", () => {
  it("the basics, its CLI's variables and what was set for it: nothing else of the hub's", () => {
    const box = boxOf({ vars: ['ANTHROPIC_*'], unset: ['SSH_AUTH_SOCK'] })!;
    expect(boxEnv(box, env, ['MY_PROFILE_VAR', 'SSH_AUTH_SOCK'])).toEqual({
      PATH: '/bin',
      HOME: '/h',
      LANG: 'C.UTF-8',
      LC_ALL: 'C',
      TERM: 'xterm-256color',
      BOTSTER_AGENT_ID: '2',
      ANTHROPIC_API_KEY: 'sk-ant',
      MY_PROFILE_VAR: 'set for it',
    });
  });

  it('a box recorded without vars gets the basics only; "*" alone is refused', () => {
    expect(Object.keys(boxEnv(boxOf({})!, env))).not.toContain('ANTHROPIC_API_KEY');
    expect(() => boxOf({ vars: ['*'] })).toThrow(BoxError);
    expect(() => boxOf({ vars: ['A B'] })).toThrow(/not a variable's name/);
  });
});
