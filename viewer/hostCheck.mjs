// Which Host header values the server answers. A server on loopback that answers any Host can be read by any web
// page through DNS rebinding (attacker.example resolving to 127.0.0.1), so only known names are served.
import net from 'node:net';
import os from 'node:os';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/** "Example.org:3000" -> "example.org", "[::1]:3000" -> "::1"; null when it is not a host[:port]. */
export function hostnameOf(hostHeader) {
  if (typeof hostHeader !== 'string' || hostHeader === '') return null;
  const match = /^\[([0-9a-fA-F:.]+)\](?::\d+)?$/.exec(hostHeader) ?? /^([^:[\]\s/]+)(?::\d+)?$/.exec(hostHeader);
  return match ? match[1].toLowerCase().replace(/\.$/, '') : null;
}

/**
 * @param {string} boundHost the address the server listens on
 * @param {string[]} extraNames names an administrator allows (the server's DNS name behind a reverse proxy, ...)
 * @returns {(hostHeader: string | undefined) => boolean}
 */
export function createHostCheck(boundHost, extraNames = []) {
  const allowed = new Set([...LOOPBACK_NAMES, ...extraNames.map((name) => hostnameOf(name) ?? name.toLowerCase())]);
  const wildcard = boundHost === '0.0.0.0' || boundHost === '::';
  if (wildcard) {
    // Listening on every interface: the machine's own addresses and name are its legitimate Host values.
    for (const addresses of Object.values(os.networkInterfaces())) {
      for (const { address } of addresses ?? []) allowed.add(address.toLowerCase());
    }
    allowed.add(os.hostname().toLowerCase());
  } else {
    allowed.add(hostnameOf(net.isIPv6(boundHost) ? `[${boundHost}]` : boundHost) ?? boundHost.toLowerCase());
  }
  return (hostHeader) => {
    const name = hostnameOf(hostHeader);
    return name !== null && allowed.has(name);
  };
}
