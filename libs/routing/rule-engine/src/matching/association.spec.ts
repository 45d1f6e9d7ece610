import type { AssociationCriterion, InstanceOrigin } from '@axiom/domain';
import { compileAssociation } from './criteria';
import { parseIp, parseSubnet } from './ip-address';

const origin = (
  peerAddress: string | null,
  callingAeTitle = 'MODALITY1 ',
  calledAeTitle = 'AXIOM',
): InstanceOrigin => ({ sourceName: 'listener', peerAddress, callingAeTitle, calledAeTitle });

describe('association criteria', () => {
  it.each<[string, string, unknown, InstanceOrigin, boolean]>([
    ['SOURCE_IP', 'ip_eq', '10.1.2.3', origin('10.1.2.3'), true],
    ['SOURCE_IP', 'ip_eq', '10.1.2.3', origin('::ffff:10.1.2.3'), true],
    ['SOURCE_IP', 'ip_eq', '10.1.2.4', origin('10.1.2.3'), false],
    ['SOURCE_IP', 'ip_eq', '2001:db8::1', origin('2001:0db8:0000:0000:0000:0000:0000:0001'), true],
    ['SOURCE_IP', 'ip_startswith', '192.168.', origin('192.168.7.1'), true],
    ['SOURCE_IP', 'ip_startswith', '192.168.', origin('::ffff:192.168.7.1'), true],
    ['SOURCE_IP', 'ip_startswith', '192.168.', origin('10.168.7.1'), false],
    ['SOURCE_IP', 'ip_in_subnet', '10.0.0.0/8', origin('10.200.1.1'), true],
    ['SOURCE_IP', 'ip_in_subnet', '10.0.0.0/8', origin('11.0.0.1'), false],
    ['SOURCE_IP', 'ip_in_subnet', '192.168.1.0/24', origin('::ffff:192.168.1.77'), true],
    ['SOURCE_IP', 'ip_in_subnet', ['172.16.0.0/12', '2001:db8::/32'], origin('2001:db8:1::5'), true],
    ['SOURCE_IP', 'ip_in_subnet', '2001:db8::/32', origin('2001:db9::5'), false],
    ['SOURCE_IP', 'ip_in_subnet', '0.0.0.0/0', origin('8.8.8.8'), true],
    ['SOURCE_IP', 'ip_in_subnet', '10.0.0.0/8', origin(null), false],
    ['CALLING_AE_TITLE', 'eq', 'MODALITY1', origin('1.1.1.1'), true],
    ['CALLING_AE_TITLE', 'startswith', 'MOD', origin('1.1.1.1'), true],
    ['CALLING_AE_TITLE', 'in', ['CT1', 'MODALITY1'], origin('1.1.1.1'), true],
    ['CALLING_AE_TITLE', 'eq', 'modality1', origin('1.1.1.1'), false],
    ['CALLED_AE_TITLE', 'regex', '^AX', origin('1.1.1.1'), true],
    ['CALLED_AE_TITLE', 'ne', 'AXIOM', origin('1.1.1.1'), false],
  ])('%s %s %j', (parameter, op, value, o, expected) => {
    const c = { parameter, op, value } as AssociationCriterion;
    expect(compileAssociation(c)(o)).toBe(expected);
  });

  it('honours case_insensitive on AE titles', () => {
    expect(
      compileAssociation({
        parameter: 'CALLING_AE_TITLE',
        op: 'eq',
        value: 'modality1',
        case_insensitive: true,
      } as AssociationCriterion)(origin('1.1.1.1')),
    ).toBe(true);
  });
});

describe('IP parsing', () => {
  it.each([
    ['::1', 1n],
    ['::', 0n],
    ['1.2.3.4', 0xffff01020304n],
    ['::ffff:1.2.3.4', 0xffff01020304n],
    ['fe80::1%eth0', 0xfe800000000000000000000000000001n],
    ['1.2.3', undefined],
    ['256.1.1.1', undefined],
    ['1::2::3', undefined],
    ['12345::', undefined],
  ])('%s', (text, value) => {
    expect(parseIp(text)).toBe(value);
  });

  it.each(['10.0.0.0/33', '10.0.0.0/x', 'nonsense/8', '::/129'])('refuses subnet %s', (s) => {
    expect(parseSubnet(s)).toBeUndefined();
  });
});
