import { describe, expect, it } from 'vitest';
import { AddressRules, checkUrl, hostAllowed } from '../../src/server/url-guard.js';

describe('address rules', () => {
  const none = new AddressRules([]);

  it('refuses loopback, private, link-local and reserved addresses, IPv4 and IPv6', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1']) {
      expect(none.refusal(address), address).not.toBeNull();
    }
    expect(none.refusal('169.254.169.254')).toMatch(/link-local/);
    expect(none.refusal('127.0.0.1')).toMatch(/loopback/);
    expect(none.refusal('10.0.0.1')).toMatch(/private/);
  });

  it('lets public addresses through', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '172.32.0.1']) expect(none.refusal(address), address).toBeNull();
  });

  it('lets through only the ranges the operator allowed', () => {
    const rules = new AddressRules(['10.0.0.0/8', '127.0.0.1/32']);
    expect(rules.refusal('10.9.9.9')).toBeNull();
    expect(rules.refusal('127.0.0.1')).toBeNull();
    expect(rules.refusal('127.0.0.2')).not.toBeNull();
    expect(rules.refusal('192.168.0.1')).not.toBeNull();
  });
});

describe('host rules', () => {
  it('matches names, subdomain wildcards and ports', () => {
    const hosts = ['images.example', '*.cdn.example', '127.0.0.1:6650'];
    expect(hostAllowed(new URL('https://images.example/a.jpg'), hosts)).toBe(true);
    expect(hostAllowed(new URL('https://IMAGES.example/a.jpg'), hosts)).toBe(true);
    expect(hostAllowed(new URL('https://eu.cdn.example/a.jpg'), hosts)).toBe(true);
    expect(hostAllowed(new URL('https://cdn.example/a.jpg'), hosts)).toBe(false);
    expect(hostAllowed(new URL('https://evilimages.example/a.jpg'), hosts)).toBe(false);
    expect(hostAllowed(new URL('http://127.0.0.1:6650/a.jpg'), hosts)).toBe(true);
    expect(hostAllowed(new URL('http://127.0.0.1:6651/a.jpg'), hosts)).toBe(false);
    // A name without a port: its scheme's default port only.
    expect(hostAllowed(new URL('https://images.example:443/a.jpg'), hosts)).toBe(true);
    expect(hostAllowed(new URL('https://images.example:8443/a.jpg'), hosts)).toBe(false);
  });

  it('allows no host by default, and only http(s) without credentials', () => {
    expect(() => checkUrl(new URL('https://images.example/'), [], 'image')).toThrow(/allowed hosts/);
    expect(() => checkUrl(new URL('file:///etc/passwd'), ['images.example'], 'image')).toThrow(/http or https/);
    expect(() => checkUrl(new URL('https://u:p@images.example/'), ['images.example'], 'image')).toThrow(/password/);
    expect(() => checkUrl(new URL('https://images.example/'), ['images.example'], 'image')).not.toThrow();
  });
});
