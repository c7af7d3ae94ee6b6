// lua/default/worktrees.lua in the real configuration runtime: what the hub's worktree_clean event
// and app.worktrees turn into, and a user's own offer.
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { readConfigFiles } from '../../src/reload/config-files.js';
import type { AppData } from '../../src/hub/self.js';
import type { LuaRequest } from '../../src/hub/requests.js';
import { BUILTIN_COMMANDS } from '../../src/commands/builtin-commands.js';
import { tempHome } from '../support/hub.js';

let rt: ConfigRuntime | null = null;
afterEach(() => {
  rt?.dispose();
  rt = null;
});

const agent = (id: string) => ({
  id,
  name: `a${id}`,
  command: 'claude',
  cwd: '/tmp',
  status: 'exited',
  exit_code: 0,
  title: '',
});
const WT = { path: '/src/app-worktrees/botster-a2', branch: 'botster/a2', agent: 'a2' };
const app = (extra: Partial<AppData> = {}): AppData => ({
  agents: [agent('1'), agent('2')],
  focused_id: '2',
  selected: 2,
  mode: 'insert',
  size: { width: 80, height: 24 },
  error: null,
  notice: null,
  shell: '/bin/sh',
  overlay: null,
  ...extra,
});

async function runtime(user = ''): Promise<ConfigRuntime> {
  rt = await ConfigRuntime.build(
    readConfigFiles({ home: tempHome(user ? { 'user/hooks.lua': user } : {}) }),
    () => {},
    {},
    BUILTIN_COMMANDS.map((c) => c.id),
  );
  return rt;
}

const clean = (r: ConfigRuntime, a: AppData) =>
  r
    .dispatch(
      'worktree_clean',
      { agent: agent('2'), worktree: { path: WT.path, branch: WT.branch } },
      'a2',
      () => {},
      a,
    )
    .requests.flatMap((q) => q.requests);
/** The verbs asked for, as their names and arguments (where Lua waits, each also names its callback). */
const verbs = (requests: unknown[]) =>
  (requests as LuaRequest[]).map((q) => (q.type === 'verb' ? { verb: q.name, args: q.args } : q));
const removes = (path: string) => [{ verb: 'worktree.remove', args: { path } }];
const dialogOf = (intents: LuaRequest[]) =>
  intents.find((e) => e.type === 'dialog_open') as Extract<LuaRequest, { type: 'dialog_open' }>;

describe('the worktree offer (worktree_clean)', () => {
  it('looking at the agent: a dialog; "remove" removes it, "keep" or cancel leaves it', async () => {
    const r = await runtime();
    const d = dialogOf(clean(r, app()));
    expect(d).toMatchObject({
      title: `The worktree of a2 is clean: ${WT.path}`,
      items: [{ id: 'remove' }, { id: 'keep' }],
    });
    expect(verbs(r.resolveDialog(d.dialog, 1, app()))).toEqual(removes(WT.path));
    expect(r.resolveDialog(dialogOf(clean(r, app())).dialog, 2, app())).toEqual([]);
    expect(r.resolveDialog(dialogOf(clean(r, app())).dialog, null, app())).toEqual([]);
  });

  it('another agent focused, or an overlay open: a notice instead (no dialog takes your keys)', async () => {
    const r = await runtime();
    const notice = [
      {
        type: 'notify',
        text: `worktree ${WT.path} (botster/a2) is clean: run worktree.remove to remove it (the branch stays)`,
        level: 'info',
      },
    ];
    expect(clean(r, app({ focused_id: '1', selected: 1 }))).toEqual(notice);
    expect(clean(r, app({ overlay: 'help' }))).toEqual(notice);
  });

  it('a user offer replaces it (here: remove at once); hooks.off turns it off', async () => {
    expect(
      verbs(
        clean(await runtime('function worktrees.offer(ev, app) app:remove_worktree(ev.worktree) end'), app()),
      ),
    ).toEqual(removes(WT.path));
    rt?.dispose();
    rt = null;
    expect(clean(await runtime('hooks.off(worktrees.hook)'), app())).toEqual([]);
  });
});

describe('worktree.remove', () => {
  it('none on offer says so; one is removed; several are a choice; an argument names one', async () => {
    const r = await runtime();
    expect(r.runCommand('worktree.remove', app())).toEqual([
      { type: 'notify', text: 'no clean worktree to remove', level: 'info' },
    ]);
    expect(verbs(r.runCommand('worktree.remove', app({ worktrees: [WT] })))).toEqual(removes(WT.path));
    const other = { path: '/src/app-worktrees/botster-x', branch: 'botster/x', agent: 'x' };
    const d = dialogOf(r.runCommand('worktree.remove', app({ worktrees: [WT, other] })));
    expect(d.items).toEqual([
      { id: 'botster/a2', description: `${WT.path} (a2)`, value: '1' },
      { id: 'botster/x', description: `${other.path} (x)`, value: '2' },
    ]);
    expect(verbs(r.resolveDialog(d.dialog, 2, app()))).toEqual(removes(other.path));
    expect(verbs(r.runCommand('worktree.remove', app(), '/some/path'))).toEqual(removes('/some/path'));
  });
});
