import dns from 'node:dns';
import net from 'node:net';

// What the hub's box proxy connects to, by name: never an address of this machine or its link. A
// box has a network namespace of its own so that nothing listening here (a dev server on
// 127.0.0.1, the cloud's metadata at 169.254.169.254) is within its reach; a name it is allowed
// (`*.example.com`, or one you let it reach) that resolves to such an address would hand that back
// through the proxy. An address written as such goes through the allow list as any host does
// (`127.0.0.2` in a test's allow list): that is your word for that address.

/** Loopback, unspecified or link-local: this machine or its link, not the network. */
export function localAddress(address: string): boolean {
  const v4 = net.isIPv4(address) ? address : /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (v4) {
    const [a, b] = v4.split('.').map(Number);
    return a === 127 || a === 0 || (a === 169 && b === 254);
  }
  const v6 = address.toLowerCase();
  return v6 === '::1' || v6 === '::' || /^fe[89ab]/.test(v6);
}

/** The error a refused name fails its connection with (the proxy answers 403 with its message). */
export class LocalAddressError extends Error {
  readonly code = 'EBOXLOCAL';
}

/**
 * `dns.lookup` for the proxy's connections: a name that resolves to an address of this machine or
 * its link fails, as the connection then goes to the address checked here (no second lookup a
 * name's owner could answer differently).
 */
export const proxyLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    const list = addresses as dns.LookupAddress[];
    const local = net.isIP(hostname) ? undefined : list.find((a) => localAddress(a.address));
    if (local)
      return callback(
        new LocalAddressError(
          `botster-tui: refused ${hostname}: it resolves to ${local.address}, an address of this machine or its link (allow that address itself to let the box reach it)`,
        ),
        '',
        0,
      );
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0].address, list[0].family);
  });
};
