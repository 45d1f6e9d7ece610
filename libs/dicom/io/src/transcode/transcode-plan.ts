import {
  CONVERSION_TARGETS,
  EXPLICIT_VR_LITTLE_ENDIAN,
  isKnownTransferSyntax,
  transferSyntaxFacts,
} from './transfer-syntax-catalog';

/**
 * Per destination: which transfer syntaxes to propose for an instance. `as_received` proposes the
 * original and falls back to Explicit VR Little Endian; `as_received_only` never converts; a list
 * names, in order of preference, the syntaxes to convert to (the original only if listed).
 */
export type TransferSyntaxPolicy =
  { mode: 'as_received' } | { mode: 'as_received_only' } | { mode: 'list'; uids: string[] };

export const DEFAULT_TRANSFER_SYNTAX_POLICY: TransferSyntaxPolicy = { mode: 'as_received' };

/** Why a policy value is unusable, or null. Unknown UIDs are refused: a typo would silently never match. */
export function transferSyntaxPolicyProblem(value: unknown): string | null {
  if (value === undefined || value === null || value === 'as_received' || value === 'as_received_only') return null;
  if (typeof value === 'string')
    return `must be "as_received", "as_received_only" or a list of transfer syntax UIDs, not "${value}"`;
  if (!Array.isArray(value)) return 'must be "as_received", "as_received_only" or a list of transfer syntax UIDs';
  if (value.length === 0) return 'a list of transfer syntax UIDs must not be empty';
  const unknown = value.filter((v) => typeof v !== 'string' || !isKnownTransferSyntax(v));
  if (unknown.length > 0) return `unknown transfer syntax UID(s): ${unknown.map((v) => JSON.stringify(v)).join(', ')}`;
  if (new Set(value).size !== value.length) return 'lists a transfer syntax UID twice';
  return null;
}

export function parseTransferSyntaxPolicy(value: unknown): TransferSyntaxPolicy {
  const problem = transferSyntaxPolicyProblem(value);
  if (problem) throw new TypeError(`transfer_syntax_policy ${problem}`);
  if (value === 'as_received_only') return { mode: 'as_received_only' };
  if (Array.isArray(value)) return { mode: 'list', uids: value.map(String) };
  return DEFAULT_TRANSFER_SYNTAX_POLICY;
}

/** Why `source` cannot be converted to `target`, or null when it can (or needs no conversion). */
export function conversionBlocker(sourceUid: string, targetUid: string): string | null {
  if (sourceUid === targetUid) return null;
  const source = transferSyntaxFacts(sourceUid);
  const target = transferSyntaxFacts(targetUid);
  if (source.lossy && target.lossy)
    return `${source.name} is lossy and is never re-encoded lossy again (${target.name})`;
  if (!CONVERSION_TARGETS.includes(targetUid))
    return `converting to ${target.name} (${targetUid}) is not supported: pixel data is only decoded, never re-compressed`;
  if (source.decoder === null) return `${source.name} (${sourceUid}) cannot be decoded here`;
  return null;
}

export interface Proposal {
  transferSyntaxUid: string;
  /** False for the original syntax: the stored bytes go as received. */
  conversion: boolean;
}

export interface ProposalPlan {
  /** In order of preference. Empty when the policy leaves nothing to send. */
  proposals: Proposal[];
  /** Why syntaxes the policy named were left out (for the failure reason). */
  excluded: string[];
}

export function planProposals(policy: TransferSyntaxPolicy, sourceUid: string): ProposalPlan {
  const original: Proposal = { transferSyntaxUid: sourceUid, conversion: false };
  switch (policy.mode) {
    case 'as_received_only':
      return { proposals: [original], excluded: [] };
    case 'as_received': {
      if (sourceUid === EXPLICIT_VR_LITTLE_ENDIAN) return { proposals: [original], excluded: [] };
      const blocker = conversionBlocker(sourceUid, EXPLICIT_VR_LITTLE_ENDIAN);
      return blocker
        ? { proposals: [original], excluded: [`no fallback: ${blocker}`] }
        : { proposals: [original, { transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN, conversion: true }], excluded: [] };
    }
    case 'list': {
      const proposals: Proposal[] = [];
      const excluded: string[] = [];
      for (const uid of policy.uids) {
        const blocker = conversionBlocker(sourceUid, uid);
        if (blocker) excluded.push(blocker);
        else proposals.push({ transferSyntaxUid: uid, conversion: uid !== sourceUid });
      }
      if (!policy.uids.includes(sourceUid)) excluded.push(`the received syntax ${sourceUid} is not in the policy list`);
      return { proposals, excluded };
    }
  }
}
