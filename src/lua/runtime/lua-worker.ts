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
  async configure(params: { files: ConfigFile[]; app: AppData | null }) {
    const state = live?.userState() ?? {};
    const next = await ConfigRuntime.build(params.files, log, state);
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
    return { tree, layoutFile: next.layoutFile() };
  },
  render(params: { app: AppData }) {
    if (!live) throw new Error('no configuration loaded');
    return live.render(params.app);
  },
});

function log(level: string, message: string): void {
  rpc.notify('log', { level, message });
}
