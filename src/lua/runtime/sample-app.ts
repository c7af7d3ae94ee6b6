import type { AppData } from '../../hub/self.js';

/**
 * The hub as `check` and a pushed piece's trial render see it: three agents as they often are (one
 * asking a question in a repository, a plain shell outside any, one that failed in a worktree).
 */
export const SAMPLE_APP: AppData = {
  agents: [
    {
      id: '1',
      name: 'claude',
      program: 'claude',
      command: 'claude',
      cwd: '/home/you/src/app',
      state: 'waiting',
      reason: 'Allow edit of src/app.ts? (y/n)',
      status: 'waiting',
      exit_code: null,
      title: 'fixing the tests',
      scroll: 0,
      git_branch: 'main',
      attention: true,
    },
    {
      id: '2',
      name: 'sh',
      program: 'sh',
      command: 'sh',
      cwd: '/home/you',
      state: 'running',
      reason: null,
      status: 'running',
      exit_code: null,
      title: '',
      scroll: 0,
    },
    {
      id: '3',
      name: 'aider',
      program: 'aider',
      command: 'aider',
      cwd: '/home/you/src/app-worktrees/botster-aider',
      state: 'exited',
      reason: 'exited 1',
      status: 'exited',
      exit_code: 1,
      title: '',
      scroll: 0,
      branch: 'botster/aider',
      git_branch: 'botster/aider',
    },
  ],
  focused_id: '1',
  selected: 1,
  mode: 'normal',
  size: { width: 120, height: 40 },
  error: null,
  shell: '/bin/sh',
};
