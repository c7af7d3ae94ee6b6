// The web face, loaded only when `botster-tui web` turns it on (docs/web.md).
export { WebServer, readTls, type WebOptions } from './server.js';
export type { WebHub, WebRequest, RouteAnswer, StreamPush, AgentScreen } from './hub-port.js';
export { qrLines } from './qr.js';
export type { SavedSession } from './sessions.js';
export { hubCertificate, certFiles } from './hub-cert.js';
