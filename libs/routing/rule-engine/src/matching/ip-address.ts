/**
 * IPv4 and IPv6 addresses as 128-bit numbers (IPv4 as IPv4-mapped IPv6, ::ffff:a.b.c.d), so that
 * `10.0.0.1` and `::ffff:10.0.0.1` (how Node reports IPv4 peers on a dual-stack socket) are one.
 */
export function parseIp(text: string): bigint | undefined {
  const s = text.trim().replace(/%.*$/, ''); // zone index (fe80::1%eth0)
  const v4 = parseIpv4(s);
  if (v4 !== undefined) return 0xffff00000000n | v4;
  return parseIpv6(s);
}

function parseIpv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function parseIpv6(s: string): bigint | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(s) || s.split('::').length > 2) return undefined;
  let text = s;
  // an embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail?.[1]) {
    const v4 = parseIpv4(tail[1]);
    if (v4 === undefined) return undefined;
    text = text.slice(0, tail.index) + `${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  if (rest === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...headGroups, ...Array<string>(rest === undefined ? 0 : missing).fill('0'), ...tailGroups];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}

export interface Subnet {
  base: bigint;
  mask: bigint;
}

/** `10.0.0.0/8`, `2001:db8::/32`, or a bare address (a /32 or /128). */
export function parseSubnet(text: string): Subnet | undefined {
  const [addr = '', bitsText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const ip = parseIp(addr);
  if (ip === undefined) return undefined;
  const isV4 = parseIpv4(addr.trim()) !== undefined;
  const max = isV4 ? 32 : 128;
  if (bitsText !== undefined && !/^\d{1,3}$/.test(bitsText)) return undefined;
  const bits = bitsText === undefined ? max : Number(bitsText);
  if (bits > max) return undefined;
  const prefix = BigInt(bits + (128 - max));
  const mask = prefix === 0n ? 0n : ((1n << 128n) - 1n) ^ ((1n << (128n - prefix)) - 1n);
  return { base: ip & mask, mask };
}

export function inSubnet(ip: bigint, subnet: Subnet): boolean {
  return (ip & subnet.mask) === subnet.base;
}

/** The address as people write it: dotted quad for IPv4 (also when received IPv4-mapped). */
export function displayIp(text: string): string {
  return text.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
}
