import { APPLICATION_CONTEXT } from './pdu';
import {
  AssociateRequest,
  ContextAnswer,
  ContextResult,
  RejectReason,
  RejectResult,
  RejectSource,
  Rejection,
} from './associate-pdu';

/** Query/Retrieve SOP classes: this SCP stores, it does not answer queries or retrieves. */
const QUERY_RETRIEVE_PREFIXES = [
  '1.2.840.10008.5.1.4.1.2.',
  '1.2.840.10008.5.1.4.31',
  '1.2.840.10008.5.1.4.32',
  '1.2.840.10008.5.1.4.33',
];

export type AssociationDecision =
  { accept: true; answers: ContextAnswer[] } | { accept: false; rejection: Rejection; why: string };

/**
 * What this SCP answers to an A-ASSOCIATE-RQ: the called AE must be ours, and each context is
 * accepted in the sender's first transfer syntax (we store as received, whatever it is), except
 * query/retrieve abstract syntaxes.
 */
export function decideAssociation(request: AssociateRequest, ourAeTitle: string): AssociationDecision {
  if ((request.protocolVersion & 1) === 0) {
    return {
      accept: false,
      why: `protocol version ${request.protocolVersion} not supported`,
      rejection: {
        result: RejectResult.Permanent,
        source: RejectSource.ServiceProviderAcse,
        reason: RejectReason.ProtocolVersionNotSupported,
      },
    };
  }
  if (request.applicationContext !== APPLICATION_CONTEXT) {
    return {
      accept: false,
      why: 'application context is not the DICOM one',
      rejection: {
        result: RejectResult.Permanent,
        source: RejectSource.ServiceUser,
        reason: RejectReason.ApplicationContextNotSupported,
      },
    };
  }
  if (request.calledAeTitle !== ourAeTitle) {
    return {
      accept: false,
      why: `called AE "${request.calledAeTitle}" is not "${ourAeTitle}"`,
      rejection: {
        result: RejectResult.Permanent,
        source: RejectSource.ServiceUser,
        reason: RejectReason.CalledAeNotRecognized,
      },
    };
  }
  if (request.contexts.length === 0) {
    return {
      accept: false,
      why: 'no presentation context proposed',
      rejection: {
        result: RejectResult.Permanent,
        source: RejectSource.ServiceUser,
        reason: RejectReason.NoReasonGiven,
      },
    };
  }
  const answers = request.contexts.map((ctx): ContextAnswer => {
    const first = ctx.transferSyntaxes[0];
    if (QUERY_RETRIEVE_PREFIXES.some((p) => ctx.abstractSyntax.startsWith(p))) {
      return { id: ctx.id, result: ContextResult.AbstractSyntaxNotSupported, transferSyntax: first ?? '' };
    }
    if (first === undefined)
      return { id: ctx.id, result: ContextResult.TransferSyntaxesNotSupported, transferSyntax: '' };
    return { id: ctx.id, result: ContextResult.Accept, transferSyntax: first };
  });
  return { accept: true, answers };
}

/** PS3.8 9.3.2.2: context ids are odd numbers from 1 to 255, each used once. */
export function duplicateOrEvenContextId(request: AssociateRequest): number | null {
  const seen = new Set<number>();
  for (const ctx of request.contexts) {
    if (ctx.id % 2 === 0 || seen.has(ctx.id)) return ctx.id;
    seen.add(ctx.id);
  }
  return null;
}
