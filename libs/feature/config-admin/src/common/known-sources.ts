import { Injectable } from '@nestjs/common';
import { SourceType } from '@axiom/domain';
import { DicomwebSourceConfigStore, DimseListenerConfigStore, DimseQrSourceConfigStore } from '@axiom/persistence';

/** The part of KnownSources the dry runs use. */
export interface SourceNameLookup {
  names(): Promise<ReadonlySet<string>>;
}

/**
 * The names a rule's `applicable_sources` can mean: listeners, DICOMweb sources, DIMSE Q/R
 * sources, plus `api_json` and `stow_rs`. A name that is none of them is not an error (the source
 * may be created later) but a rule that silently never matches: it is answered with a warning.
 */
@Injectable()
export class KnownSources implements SourceNameLookup {
  constructor(
    private readonly listeners: DimseListenerConfigStore,
    private readonly dicomweb: DicomwebSourceConfigStore,
    private readonly qr: DimseQrSourceConfigStore,
  ) {}

  async names(): Promise<Set<string>> {
    const [listeners, dicomweb, qr] = await Promise.all([
      this.listeners.names(),
      this.dicomweb.names(),
      this.qr.names(),
    ]);
    return new Set<string>([SourceType.ApiJson, SourceType.StowRs, ...listeners, ...dicomweb, ...qr]);
  }

  async warningsFor(applicableSources: readonly unknown[] | null | undefined): Promise<string[]> {
    return unknownSourceWarnings(applicableSources, await this.names());
  }
}

/** `applicable_sources[i]: no source named "x"` for each name that is not a known source. */
export function unknownSourceWarnings(
  applicableSources: readonly unknown[] | null | undefined,
  known: ReadonlySet<string>,
): string[] {
  if (!applicableSources) return [];
  return applicableSources.flatMap((name, i) =>
    typeof name === 'string' && !known.has(name) ? [`applicable_sources[${i}]: no source named "${name}"`] : [],
  );
}
