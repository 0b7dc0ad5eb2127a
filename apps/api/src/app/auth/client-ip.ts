import { isIPv4, isIPv6 } from 'node:net';

/**
 * The network a throttle counts a caller by: an IPv4 address as is (IPv4-mapped IPv6 as IPv4),
 * an IPv6 address by its /64 prefix — one subscriber usually holds a whole /64, so counting single
 * IPv6 addresses would let a caller escape every per-IP limit by rotating addresses.
 */
export function throttleNetwork(ip: string | undefined | null): string {
  const raw = (ip ?? '').trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(raw);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(raw)) return raw;
  if (!isIPv6(raw)) return 'unknown';
  return `${expandIPv6(raw).slice(0, 4).join(':')}::/64`;
}

/** The eight hextets of an IPv6 address (zone id dropped; embedded IPv4 tail converted). */
function expandIPv6(ip: string): string[] {
  let s = ip.split('%')[0].toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    s = s.slice(0, v4.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? s.split('::') : [s, null];
  const left = head ? head.split(':') : [];
  const right = tail === null ? [] : tail ? tail.split(':') : [];
  const fill = tail === null ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((h) => h.replace(/^0+(?=.)/, ''));
}
