export { WorkerRpc, type WorkerRpcOptions, type RequestOptions } from './worker-rpc.js';
export { serveRpc, type RpcHandlers, type RpcServer } from './serve-rpc.js';
export { WorkerTimeoutError, WorkerCrashError, WorkerDisposedError, RemoteError } from './errors.js';
