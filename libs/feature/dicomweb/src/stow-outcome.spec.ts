import { StowFailureReason } from '@axiom/dicomweb';
import { StowPartResult, failureReasonOf, partResultOf, stowAnswerOf } from './stow-outcome';

const CT = '1.2.840.10008.5.1.4.1.1.2';
const stored = (uid: string): StowPartResult => ({ stored: { sopClassUid: CT, sopInstanceUid: uid } });

describe('STOW-RS outcome mapping', () => {
  it('maps every ingest outcome kind and STOW refusal to its failure reason', () => {
    expect(failureReasonOf('invalid')).toBe(StowFailureReason.CannotUnderstand);
    expect(failureReasonOf('part_type')).toBe(StowFailureReason.CannotUnderstand);
    expect(failureReasonOf('mismatch')).toBe(StowFailureReason.DatasetDoesNotMatchSopClass);
    expect(failureReasonOf('unavailable')).toBe(StowFailureReason.OutOfResources);
    expect(failureReasonOf('study_mismatch')).toBe(StowFailureReason.ProcessingFailure);
    expect(failureReasonOf('spool_write')).toBe(StowFailureReason.OutOfResources);
    expect(failureReasonOf('too_large')).toBe(StowFailureReason.OutOfResources);
    expect(failureReasonOf('spool_full')).toBe(StowFailureReason.OutOfResources);
  });

  it('answers 200 when all were kept, 202 when some, 409 when none', () => {
    const refused = partResultOf({ ok: false, kind: 'invalid', reason: 'malformed DICOM', sopInstanceUid: '9' });
    expect(stowAnswerOf([stored('1'), stored('2')]).status).toBe(200);
    const partial = stowAnswerOf([stored('1'), refused]);
    expect(partial.status).toBe(202);
    expect(partial.body['00081199']?.Value).toHaveLength(1);
    expect(partial.body['00081198']?.Value).toEqual([
      { '00081150': { vr: 'UI' }, '00081155': { vr: 'UI', Value: ['9'] }, '00081197': { vr: 'US', Value: [0xc000] } },
    ]);
    expect(stowAnswerOf([refused]).status).toBe(409);
    expect(
      stowAnswerOf([{ refused: 'study_mismatch', detail: 'other study', sopClassUid: CT, sopInstanceUid: '3' }]).status,
    ).toBe(409);
  });

  it('answers 415 only when every part was of another media type', () => {
    const wrongType: StowPartResult = { refused: 'part_type', detail: 'application/pdf' };
    expect(stowAnswerOf([wrongType, wrongType]).status).toBe(415);
    expect(stowAnswerOf([wrongType, { refused: 'invalid', detail: 'x' }]).status).toBe(409);
    expect(stowAnswerOf([wrongType, stored('1')]).status).toBe(202);
  });

  it('answers 503 when nothing was kept because the spool is full, 202 when some were kept before', () => {
    const full: StowPartResult = { refused: 'spool_full', detail: 'spool full: 10 MB free' };
    expect(stowAnswerOf([full, full])).toMatchObject({ status: 503, retryAfterSeconds: 30 });
    expect(stowAnswerOf([{ refused: 'invalid', detail: 'x' }, full]).status).toBe(503);
    expect(stowAnswerOf([stored('1'), full]).status).toBe(202);
  });

  it('answers 503 when the ledger or broker was down for some and nothing was kept; 413 when every part was too large', () => {
    const down: StowPartResult = { refused: 'unavailable', detail: 'database unavailable' };
    expect(stowAnswerOf([down, { refused: 'invalid', detail: 'x' }])).toMatchObject({
      status: 503,
      retryAfterSeconds: 30,
    });
    const big: StowPartResult = { refused: 'too_large', detail: 'the part is larger than AXIOM_MAX_OBJECT_BYTES' };
    expect(stowAnswerOf([big, big]).status).toBe(413);
    expect(stowAnswerOf([big, { refused: 'invalid', detail: 'x' }]).status).toBe(409);
    expect(stowAnswerOf([big], true).status).toBe(409);
  });

  it('adds a failed item when the body broke after stored parts', () => {
    const answer = stowAnswerOf([stored('1')], true);
    expect(answer.status).toBe(202);
    expect(answer.body['00081198']?.Value).toHaveLength(1);
    expect(partResultOf({ ok: true, instanceId: 4, sopClassUid: CT, sopInstanceUid: '1', warnings: [] })).toEqual(
      stored('1'),
    );
  });
});
