import { StowFailureReason, stowResponseJson } from './stow-response';

describe('stowResponseJson', () => {
  it('lists stored instances in 00081199 and refused ones in 00081198 with their reason', () => {
    const json = stowResponseJson({
      stored: [{ sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: '1.2.3' }],
      failed: [
        {
          sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
          sopInstanceUid: '4.5.6',
          reason: StowFailureReason.DatasetDoesNotMatchSopClass,
        },
        { reason: StowFailureReason.CannotUnderstand },
      ],
    });
    expect(json).toEqual({
      '00081199': {
        vr: 'SQ',
        Value: [
          {
            '00081150': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
            '00081155': { vr: 'UI', Value: ['1.2.3'] },
          },
        ],
      },
      '00081198': {
        vr: 'SQ',
        Value: [
          {
            '00081150': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.4'] },
            '00081155': { vr: 'UI', Value: ['4.5.6'] },
            '00081197': { vr: 'US', Value: [0xa900] },
          },
          { '00081150': { vr: 'UI' }, '00081155': { vr: 'UI' }, '00081197': { vr: 'US', Value: [0xc000] } },
        ],
      },
    });
  });

  it('leaves out empty sequences', () => {
    expect(stowResponseJson({ stored: [], failed: [] })).toEqual({});
    expect(Object.keys(stowResponseJson({ stored: [{ sopClassUid: '1', sopInstanceUid: '2' }], failed: [] }))).toEqual([
      '00081199',
    ]);
  });
});
