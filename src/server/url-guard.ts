import { BlockList, isIP } from 'node:net';
import { ImageGuardError } from '../errors.js';

/**
 * No open proxy: a URL the server fetches (an image, a callback) must name a host the operator allows, and the
 * address it connects to must be public unless the operator allowed its range. The address check runs on the
 * address actually connected to (./fetch-url.ts does the DNS lookup itself), and again on every redirect.
 */
export interface UrlRules {
  /** `example.com` (its default port only), `*.example.com` (any subdomain, not the name itself), `host:port`. */
  hosts: readonly string[];
  /** CIDR ranges allowed although private, loopback or link-local. */
  allowAddresses: readonly string[];
}

/** Loopback, private, link-local, shared, multicast and reserved ranges, IPv4 and IPv6 (RFC 6890). */
const NON_PUBLIC: [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];

const nonPublic = new BlockList();
for (const [network, prefix, type] of NON_PUBLIC) nonPublic.addSubnet(network, prefix, type);

export class AddressRules {
  readonly #allowed = new BlockList();

  constructor(ranges: readonly string[]) {
    for (const range of ranges) {
      const [network = '', prefix = ''] = range.split('/');
      const type = isIP(network) === 6 ? 'ipv6' : 'ipv4';
      if (isIP(network) === 0) throw new ImageGuardError('invalid_options', `${range} is not a CIDR range.`);
      this.#allowed.addSubnet(network, Number(prefix), type);
    }
  }

  /** Null when the address may be connected to, else why not. */
  refusal(address: string): string | null {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    const ip = mapped ?? address;
    const type = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
    if (isIP(ip) === 0) return `${address} is not an IP address`;
    if (!nonPublic.check(ip, type) || this.#allowed.check(ip, type)) return null;
    return `${address} is a ${describe(ip, type)} address, which the server does not connect to unless --allow-address names its range`;
  }
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');
const linkLocal = new BlockList();
linkLocal.addSubnet('169.254.0.0', 16, 'ipv4');
linkLocal.addSubnet('fe80::', 10, 'ipv6');

function describe(ip: string, type: 'ipv4' | 'ipv6'): string {
  if (loopback.check(ip, type)) return 'loopback';
  if (linkLocal.check(ip, type)) return 'link-local';
  return 'private or reserved';
}

/** Refuses (ImageGuardError 'fetch_failed') a URL that is not http(s) or names a host the rules do not allow. */
export function checkUrl(url: URL, hosts: readonly string[], what: string): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ImageGuardError('fetch_failed', `The ${what} URL must be http or https, not ${url.protocol.replace(':', '')}.`);
  }
  if (url.username || url.password) throw new ImageGuardError('fetch_failed', `The ${what} URL may not carry a user name or password.`);
  if (!hostAllowed(url, hosts)) {
    throw new ImageGuardError('fetch_failed', `The server does not fetch ${what} URLs from ${url.host} (not in its allowed hosts).`);
  }
}

export function hostAllowed(url: URL, hosts: readonly string[]): boolean {
  const hostname = url.hostname.toLowerCase();
  // '' for the scheme's default port: an entry without a port allows only that one, so an allowed host's other
  // services (an admin port, a database) are not reachable through the server.
  const port = url.port;
  return hosts.some((entry) => {
    const [, name = '', entryPort = ''] = /^(.*?)(?::(\d+))?$/.exec(entry) ?? [];
    if (entryPort !== port && !(entryPort === defaultPort(url) && port === '')) return false;
    if (name.startsWith('*.')) return hostname.endsWith(name.slice(1));
    return hostname === name;
  });
}

function defaultPort(url: URL): string {
  return url.protocol === 'https:' ? '443' : '80';
}
