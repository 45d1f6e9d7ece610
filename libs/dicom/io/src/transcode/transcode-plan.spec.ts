import {
  conversionBlocker,
  parseTransferSyntaxPolicy,
  planProposals,
  transferSyntaxPolicyProblem,
} from './transcode-plan';

const ELE = '1.2.840.10008.1.2.1';
const ILE = '1.2.840.10008.1.2';
const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';
const JPEG_LS = '1.2.840.10008.1.2.4.80';
const J2K_LOSSY = '1.2.840.10008.1.2.4.91';
const JPEG_XL = '1.2.840.10008.1.2.4.110';

describe('transfer syntax policy', () => {
  it('accepts the two words and lists of known UIDs, and names what is wrong otherwise', () => {
    for (const ok of [undefined, null, 'as_received', 'as_received_only', [ELE], [JPEG_LS, ELE]])
      expect(transferSyntaxPolicyProblem(ok)).toBeNull();
    expect(transferSyntaxPolicyProblem('sometimes')).toMatch(/not "sometimes"/);
    expect(transferSyntaxPolicyProblem([])).toMatch(/must not be empty/);
    expect(transferSyntaxPolicyProblem(['1.2.3'])).toMatch(/unknown transfer syntax UID\(s\): "1.2.3"/);
    expect(transferSyntaxPolicyProblem([ELE, ELE])).toMatch(/twice/);
    expect(transferSyntaxPolicyProblem({ mode: 'x' })).toMatch(/must be/);
    expect(() => parseTransferSyntaxPolicy(7)).toThrow(/^transfer_syntax_policy /);
    expect(parseTransferSyntaxPolicy(undefined)).toEqual({ mode: 'as_received' });
    expect(parseTransferSyntaxPolicy([ILE])).toEqual({ mode: 'list', uids: [ILE] });
  });

  it('as_received proposes the original, then Explicit VR LE when the original can be decoded', () => {
    expect(planProposals({ mode: 'as_received' }, JPEG_LS).proposals).toEqual([
      { transferSyntaxUid: JPEG_LS, conversion: false },
      { transferSyntaxUid: ELE, conversion: true },
    ]);
    expect(planProposals({ mode: 'as_received' }, ELE).proposals).toEqual([
      { transferSyntaxUid: ELE, conversion: false },
    ]);
    const xl = planProposals({ mode: 'as_received' }, JPEG_XL);
    expect(xl.proposals).toEqual([{ transferSyntaxUid: JPEG_XL, conversion: false }]);
    expect(xl.excluded.join()).toMatch(/cannot be decoded/);
  });

  it('as_received_only never converts', () => {
    expect(planProposals({ mode: 'as_received_only' }, JPEG_BASELINE).proposals).toEqual([
      { transferSyntaxUid: JPEG_BASELINE, conversion: false },
    ]);
  });

  it('a list keeps its order, proposes the original only when listed, and leaves out what cannot be produced', () => {
    expect(planProposals({ mode: 'list', uids: [ILE, ELE] }, JPEG_LS).proposals).toEqual([
      { transferSyntaxUid: ILE, conversion: true },
      { transferSyntaxUid: ELE, conversion: true },
    ]);
    expect(planProposals({ mode: 'list', uids: [JPEG_LS, ELE] }, JPEG_LS).proposals[0]).toEqual({
      transferSyntaxUid: JPEG_LS,
      conversion: false,
    });
    const none = planProposals({ mode: 'list', uids: [J2K_LOSSY] }, JPEG_BASELINE);
    expect(none.proposals).toEqual([]);
    expect(none.excluded.join('; ')).toMatch(/never re-encoded lossy again.*not in the policy list/);
  });

  it('never re-encodes lossy, never compresses, and decodes only what it has a decoder for', () => {
    expect(conversionBlocker(JPEG_BASELINE, J2K_LOSSY)).toMatch(/lossy/);
    expect(conversionBlocker(ELE, JPEG_LS)).toMatch(/never re-compressed/);
    expect(conversionBlocker('1.2.840.10008.1.2.2', ELE)).toMatch(/cannot be decoded/);
    expect(conversionBlocker(JPEG_BASELINE, ELE)).toBeNull();
    expect(conversionBlocker('1.2.840.10008.1.2.1.99', ILE)).toBeNull();
  });
});
