// What web.turbo_stream (lua/core/web.lua) hands the host: the worker sets `stream` to a notice to
// the main thread, which broadcasts it to the open pages when the web is on (src/web/).
export const webHooks: { stream: (s: unknown) => void } = { stream: () => {} };
