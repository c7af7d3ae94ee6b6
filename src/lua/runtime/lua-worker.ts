// Worker thread entry: owns the Lua configuration so that no Lua (not even a runaway C-level
// pattern match) can stall the hub's main thread; the main thread kills and restarts us instead.
import { serveRpc } from '../worker-rpc/index.js';
import { ConfigRuntime, formatError } from './config-runtime.js';
import type { AppData, ConfigFile } from './config-file.js';
import { loadLuaModule } from '../engine/wasm-module.js';

// Compile the wasm module now, while the main thread is still starting up.
void loadLuaModule().catch(() => {});

let live: ConfigRuntime | null = null;

const rpc = serveRpc({
  async configure(params: { files: ConfigFile[]; app: AppData | null; builtinCommands?: string[]; restored?: Record<string, unknown> }) {
    live?.reloadHook('_before_reload', log);
    const state = live?.persisted() ?? { namespaces: params.restored ?? {} };
    const next = await ConfigRuntime.build(params.files, log, state, params.builtinCommands);
    let tree = null;
    try {
      // The trial render: a configuration that cannot draw does not go live.
      if (params.app) tree = next.render(params.app);
    } catch (err) {
      next.dispose();
      throw new Error(formatError(err, next.layoutFile()));
    }
    live?.dispose();
    live = next;
    live.reloadHook('_after_reload', log);
    return { tree, layoutFile: next.layoutFile(), keymap: next.export() };
  },
  persistedNamespaces() {
    return live ? live.persistedNamespaces() : {};
  },
  emit(params: { event: string; payload: unknown; subject: string | null }) {
    if (!live) throw new Error('no configuration loaded');
    const result = live.dispatch(params.event, params.payload, params.subject, log);
    return { ...result, events: live.subscribedEvents() };
  },
  invoke(params: { ref: number; app: AppData; arg?: unknown }) {
    if (!live) throw new Error('no configuration loaded');
    return live.invoke(params.ref, params.app, params.arg);
  },
  runCommand(params: { id: string; app: AppData; arg?: unknown }) {
    if (!live) throw new Error('no configuration loaded');
    return live.runCommand(params.id, params.app, params.arg);
  },
  render(params: { app: AppData }) {
    if (!live) throw new Error('no configuration loaded');
    return live.render(params.app);
  },
});

function log(level: string, message: string): void {
  rpc.notify('log', { level, message });
}
