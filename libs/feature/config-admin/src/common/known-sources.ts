import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { API_JSON_SOURCE, STOW_RS_SOURCE } from '@axiom/domain';
import { DicomwebSourceEntity, DimseListenerEntity, DimseQrSourceEntity } from '@axiom/persistence';

/**
 * The names a rule's `applicable_sources` can mean: listeners, DICOMweb sources, DIMSE Q/R
 * sources, plus `api_json` and `stow_rs`. A name that is none of them is not an error (the source
 * may be created later) but a rule that silently never matches: it is answered with a warning.
 */
/** The part of KnownSources the dry runs use. */
export interface SourceNameLookup {
  names(): Promise<ReadonlySet<string>>;
}

@Injectable()
export class KnownSources implements SourceNameLookup {
  constructor(
    @InjectRepository(DimseListenerEntity) private readonly listeners: Repository<DimseListenerEntity>,
    @InjectRepository(DicomwebSourceEntity) private readonly dicomweb: Repository<DicomwebSourceEntity>,
    @InjectRepository(DimseQrSourceEntity) private readonly qr: Repository<DimseQrSourceEntity>,
  ) {}

  async names(): Promise<Set<string>> {
    const select = { select: { name: true } } as const;
    const [listeners, dicomweb, qr] = await Promise.all([this.listeners.find(select), this.dicomweb.find(select), this.qr.find(select)]);
    return new Set([API_JSON_SOURCE, STOW_RS_SOURCE, ...listeners.map((r) => r.name), ...dicomweb.map((r) => r.name), ...qr.map((r) => r.name)]);
  }

  async warningsFor(applicableSources: readonly unknown[] | null | undefined): Promise<string[]> {
    return unknownSourceWarnings(applicableSources, await this.names());
  }
}

/** `applicable_sources[i]: no source named "x"` for each name that is not a known source. */
export function unknownSourceWarnings(applicableSources: readonly unknown[] | null | undefined, known: ReadonlySet<string>): string[] {
  if (!applicableSources) return [];
  return applicableSources.flatMap((name, i) => (typeof name === 'string' && !known.has(name) ? [`applicable_sources[${i}]: no source named "${name}"`] : []));
}
