// Which hosts a box reaches through the hub's proxy without asking: its allowlist
// (`network = { allow = { ... } }`, a CLI file's sandbox.network.allow). A pattern is a host name or
// address (`api.anthropic.com`, `127.0.0.2`), `*.example.com` (its subdomains, not itself) or `*`
// (any), each with an optional `:port` (that port only).

/** A host as compared: lower case, no brackets (IPv6), no trailing dot. */
export function normalHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

/** A pattern's host and port (null: any port). */
function split(pattern: string): { host: string; port: number | null } {
  const p = pattern.trim().toLowerCase();
  // (an IPv6 address with a port is written in brackets: [::1]:8080)
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(p);
  return m ? { host: normalHost(m[1]), port: Number(m[2]) } : { host: normalHost(p), port: null };
}

/** Whether `host:port` is one of `patterns`. */
export function hostAllowed(patterns: readonly string[], host: string, port: number): boolean {
  const h = normalHost(host);
  return patterns.some((pattern) => {
    const p = split(pattern);
    if (p.port !== null && p.port !== port) return false;
    if (p.host === '*') return true;
    if (p.host.startsWith('*.')) return h.endsWith(p.host.slice(1)) && h.length > p.host.length - 1;
    return h === p.host;
  });
}

/** A valid pattern (what a box's allow list may hold); throws a message otherwise. */
export function checkHostPattern(p: unknown): string {
  if (typeof p !== 'string' || !/^(\*|(\*\.)?[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/.test(p.trim()))
    throw new Error(`${JSON.stringify(p)} is not a host (name, address, *.domain or *, with :port or not)`);
  return p.trim();
}
