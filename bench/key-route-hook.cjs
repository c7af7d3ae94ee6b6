// Preloaded into a hub server by bench/key-route.mjs (NODE_OPTIONS=--require): every write(2) on a
// PTY master (/dev/ptmx, an agent's terminal) records its stack and bytes to BOTSTER_ROUTE_OUT, so
// the calls a key takes from the server's read of the client's terminal to the PTY can be counted.
'use strict';
const fs = require('node:fs');
const { syncBuiltinESMExports } = require('node:module');

const out = process.env.BOTSTER_ROUTE_OUT;
if (out) {
  Error.stackTraceLimit = 100;
  const write = fs.writeSync;
  const masters = new Map();
  let inside = false;
  const isMaster = (fd) => {
    if (!masters.has(fd)) {
      let link = '';
      try {
        link = fs.readlinkSync(`/proc/self/fd/${fd}`);
      } catch {}
      masters.set(fd, /ptmx$/.test(link));
    }
    return masters.get(fd);
  };
  fs.writeSync = function writeSync(fd, data, ...rest) {
    if (!inside && typeof fd === 'number' && isMaster(fd)) {
      inside = true;
      try {
        const bytes = Buffer.isBuffer(data) ? data.toString('latin1') : String(data);
        fs.appendFileSync(out, `${JSON.stringify({ bytes, stack: new Error().stack })}\n`);
      } finally {
        inside = false;
      }
    }
    return write.call(this, fd, data, ...rest);
  };
  // (A descriptor closed and opened again may be another file.)
  const close = fs.closeSync;
  fs.closeSync = function closeSync(fd) {
    masters.delete(fd);
    return close.call(this, fd);
  };
  syncBuiltinESMExports();
}
