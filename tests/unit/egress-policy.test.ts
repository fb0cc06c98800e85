import { describe, expect, it } from 'vitest';
import {
  isAllowedHost,
  refusalForAddress,
  refusalForFetch,
  refusalForUrl,
} from '../../src/domain/egress-policy.js';

describe('egress policy: addresses', () => {
  const refused = [
    ['loopback', '127.0.0.1'],
    ['loopback elsewhere in 127/8', '127.8.9.10'],
    ['IPv6 loopback', '::1'],
    ['IPv4-mapped IPv6 loopback', '::ffff:127.0.0.1'],
    ['IPv4-mapped IPv6 private', '::ffff:10.0.0.1'],
    ['cloud metadata (link-local)', '169.254.169.254'],
    ['10/8', '10.20.30.40'],
    ['172.16/12, low end', '172.16.0.1'],
    ['172.16/12, high end', '172.31.255.254'],
    ['192.168/16', '192.168.1.1'],
    ['CGNAT 100.64/10', '100.64.0.1'],
    ['unique-local fc00::/7', 'fc00::1'],
    ['unique-local fd00::', 'fd12:3456::1'],
    ['IPv6 link-local fe80::/10', 'fe80::1'],
    ['multicast', '224.0.0.1'],
    ['IPv6 multicast', 'ff02::1'],
    ['unspecified', '0.0.0.0'],
    ['IPv6 unspecified', '::'],
    ['broadcast', '255.255.255.255'],
    ['documentation (reserved)', '192.0.2.1'],
  ] as const;

  it.each(refused)('refuses %s (%s)', (_name, address) => {
    expect(refusalForAddress(address)).toBe('private_address');
  });

  it.each(['8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '101.226.90.1'])(
    'lets a public address through (%s)',
    (address) => {
      expect(refusalForAddress(address)).toBeUndefined();
    },
  );

  it('says a name is not an address (names are judged once resolved)', () => {
    expect(refusalForAddress('hook.example.gov.cn')).toBe('not_an_address');
  });
});

describe('egress policy: webhook URLs before resolution', () => {
  const judge = (url: string, allow: string[] = []) => refusalForUrl(new URL(url), allow);

  it('wants https, with a literal address public', () => {
    expect(judge('http://hook.example.gov.cn/x')).toBe('not_https');
    expect(judge('https://hook.example.gov.cn/x')).toBeUndefined();
    expect(judge('https://127.0.0.1/x')).toBe('private_address');
    expect(judge('https://[::1]/x')).toBe('private_address');
    expect(judge('https://[::ffff:127.0.0.1]/x')).toBe('private_address');
    expect(judge('https://169.254.169.254/latest/meta-data')).toBe('private_address');
    expect(judge('https://0x7f000001/x')).toBe('private_address'); // URL normalises it to 127.0.0.1
  });

  it('lets an allowed host through, http:// and private included, case-insensitively', () => {
    expect(judge('http://127.0.0.1:8080/x', ['127.0.0.1'])).toBeUndefined();
    expect(judge('http://[::1]:8080/x', ['::1'])).toBeUndefined();
    expect(judge('http://Hook.Intranet.gov.cn/x', ['hook.intranet.gov.cn'])).toBeUndefined();
    expect(isAllowedHost('other.gov.cn', ['hook.intranet.gov.cn'])).toBe(false);
  });
});

describe('egress policy: fetched URLs (links, images) before resolution', () => {
  const at = (url: string, allow: string[] = []) => refusalForFetch(new URL(url), allow);

  it('takes http and https, refuses other schemes and literal non-public addresses', () => {
    expect(at('http://example.gov.cn/a.png')).toBeUndefined();
    expect(at('https://8.8.8.8/a.png')).toBeUndefined();
    expect(at('ftp://example.gov.cn/a.png')).toBe('not_http');
    expect(at('http://127.0.0.1:8080/a.png')).toBe('private_address');
    expect(at('http://[::ffff:10.0.0.1]/a.png')).toBe('private_address');
    expect(at('http://169.254.169.254/latest/meta-data')).toBe('private_address');
  });

  it('leaves names to be judged once resolved, and lets allowed hosts through', () => {
    expect(at('http://localhost/a.png')).toBeUndefined();
    expect(at('http://127.0.0.1/a.png', ['127.0.0.1'])).toBeUndefined();
    expect(at('http://[::1]/a.png', ['::1'])).toBeUndefined();
  });
});
