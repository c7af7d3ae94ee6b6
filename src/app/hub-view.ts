import type { AppData } from '../lua/runtime/config-file.js';
import { formatKeyForDisplay } from '../keys/key-spec.js';
import { shownError } from '../hub/state.js';
import { signalName } from '../agents/signal-name.js';
import { insertHint } from './initial-app.js';
import type { Hub } from './hub.js';

/** `self` as Lua sees it: the state plus the facts about agents the host records. */
export function appData(hub: Hub): AppData {
  const s = hub.state;
  const agents =
    hub.planned ??
    hub.agents.list().map((a) => {
      const i = a.info;
      const status = s.waiting.includes(i.id) && i.status === 'idle' ? 'waiting' : i.status;
      const branch = hub.lifecycle.branchOf(i.id);
      const profile = hub.lifecycle.profileOf(i.id);
      const facts = { ...(branch ? { branch } : {}), ...(profile ? { profile } : {}), ...(i.id in s.waitingSince ? { waiting_since: Math.round(s.waitingSince[i.id]) } : {}), ...(i.id in s.bellAt ? { bell_at: Math.round(s.bellAt[i.id]) } : {}) };
      return { id: i.id, name: i.name, command: i.command, cwd: i.cwd, status, exit_code: i.exitCode, signal: i.signal, signal_name: signalName(i.signal), title: i.title, attention: s.attention.includes(i.id), scroll: s.scroll[i.id] ?? 0, ...facts };
    });
  const index = agents.findIndex((a) => a.id === s.client.focus);
  const notice = s.notice?.level === 'info' ? s.notice.text : null;
  return {
    agents,
    focused_id: s.client.focus,
    selected: index >= 0 ? index + 1 : null,
    mode: s.client.mode,
    size: { width: s.client.cols, height: s.client.rows },
    error: shownError(s),
    notice,
    hint: hint(hub),
    shell: process.env.SHELL || '/bin/sh',
    overlay: s.client.overlay?.kind ?? null,
  };
}

// The hint only changes with the keymap and the mode; appData runs for every Lua call.
let hinted: { ctl: unknown; generation: number; mode: string; text: string } | null = null;

/** A short hint for the status bar, from the live keymap. */
function hint(hub: Hub): string {
  const mode = hub.state.client.mode;
  if (mode === 'insert') return insertHint(hub.inputCtl.wayOut);
  const ctl = hub.inputCtl;
  if (hinted && hinted.ctl === ctl && hinted.generation === ctl.generation && hinted.mode === mode) return hinted.text;
  const text = hintFor(hub, mode);
  hinted = { ctl, generation: ctl.generation, mode, text };
  return text;
}

function hintFor(hub: Hub, mode: string): string {
  const bindings = hub.inputCtl.bindingsFor(mode);
  const find = (id: string) => bindings.find((b) => b.action.kind === 'command' && b.action.id === id);
  const parts = [
    ['help.toggle', 'help'],
    ['palette.open', 'commands'],
    ['mode.insert', 'back to agent'],
    ['app.quit', 'quit'],
  ]
    .map(([id, label]) => {
      const b = find(id);
      return b ? `${formatKeyForDisplay(b.spec)}: ${label}` : null;
    })
    .filter(Boolean);
  return parts.join('  ');
}
