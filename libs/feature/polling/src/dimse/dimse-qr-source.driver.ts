import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { QrClient, QrKeys, ScuPeer } from '@axiom/dicom-dimse';
import { QueryLevel, RetrieveMethod } from '@axiom/domain';
import type { DimseQrSourceEntity } from '@axiom/persistence';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import type {
  IngestSink,
  PollContext,
  RetrievalItem,
  RetrievalReport,
  SourceDriver,
  StudyCandidate,
} from '../source-driver';
import { matchingKeys } from './query-filters';
import { retrieveByGet, retrieveByMove } from './qr-retrieval';

/** SOP classes of listed instances, for the C-GET contexts (bounded: the oldest are forgotten first). */
const SOP_CLASS_MEMORY = 100_000;

/**
 * DIMSE Q/R sources: C-FIND (Study Root; Patient Root first at PATIENT level) with the row's
 * query_filters, the instances of each new or changed study by an IMAGE-level C-FIND, and each
 * instance fetched by C-MOVE to one of our listeners or by C-GET on its own association. The
 * framework records what arrived as seen, so nothing is fetched twice.
 */
@Injectable()
export class DimseQrSourceDriver implements SourceDriver<'dimse_qr'> {
  readonly kind = 'dimse_qr' as const;
  private readonly sopClasses = new Map<string, string>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async *listStudies(ctx: PollContext<'dimse_qr'>): AsyncIterable<StudyCandidate> {
    const { source, signal } = ctx;
    const level = source.queryLevel;
    const filters = matchingKeys(source.queryFilters, new Date());
    const client = await this.open(source, { find: level === QueryLevel.Patient ? ['patient', 'study'] : ['study'] });
    try {
      if (level === QueryLevel.Patient) {
        const patients = await client.find({
          model: 'patient',
          level: 'PATIENT',
          keys: { PatientID: '', ...filters },
          signal,
        });
        const seen = new Set<string>();
        for (const patient of patients) {
          const patientId = patient['PatientID'] ?? '';
          if (patientId === '' || seen.has(patientId)) continue;
          seen.add(patientId);
          yield* studyCandidates(
            await client.find({ level: 'STUDY', keys: { ...STUDY_RETURN_KEYS, PatientID: patientId }, signal }),
          );
        }
      } else if (level === QueryLevel.Series) {
        const series = await client.find({
          level: 'SERIES',
          keys: { StudyInstanceUID: '', SeriesInstanceUID: '', NumberOfSeriesRelatedInstances: '', ...filters },
          signal,
        });
        yield* seriesStudies(series);
      } else {
        yield* studyCandidates(
          await client.find({ level: 'STUDY', keys: { ...STUDY_RETURN_KEYS, ...filters }, signal }),
        );
      }
    } finally {
      await client.release();
    }
  }

  async listItems(ctx: PollContext<'dimse_qr'>, study: StudyCandidate): Promise<RetrievalItem[]> {
    const { source, signal } = ctx;
    const client = await this.open(source, { find: ['study'] });
    try {
      // at SERIES level only the series that match the filters belong to the source
      let series: Set<string> | null = null;
      if (source.queryLevel === QueryLevel.Series) {
        const matching = await client.find({
          level: 'SERIES',
          keys: {
            SeriesInstanceUID: '',
            ...matchingKeys(source.queryFilters, new Date()),
            StudyInstanceUID: study.studyInstanceUid,
          },
          signal,
        });
        series = new Set(matching.map((m) => m['SeriesInstanceUID'] ?? '').filter((u) => u !== ''));
      }
      const instances = await client.find({
        level: 'IMAGE',
        keys: { StudyInstanceUID: study.studyInstanceUid, SeriesInstanceUID: '', SOPInstanceUID: '', SOPClassUID: '' },
        signal,
      });
      const items: RetrievalItem[] = [];
      for (const instance of instances) {
        const sopInstanceUid = instance['SOPInstanceUID'] ?? '';
        const seriesInstanceUid = instance['SeriesInstanceUID'] ?? '';
        if (sopInstanceUid === '' || (series && !series.has(seriesInstanceUid))) continue;
        if (instance['SOPClassUID']) this.rememberSopClass(source.id, sopInstanceUid, instance['SOPClassUID']);
        items.push({
          key: sopInstanceUid,
          studyInstanceUid: study.studyInstanceUid,
          seriesInstanceUid: seriesInstanceUid || null,
          sopInstanceUid,
          signature: null,
        });
      }
      return items;
    } finally {
      await client.release();
    }
  }

  async retrieve(ctx: PollContext<'dimse_qr'>, item: RetrievalItem, sink: IngestSink): Promise<RetrievalReport> {
    const { source, signal } = ctx;
    const keys: QrKeys = {
      StudyInstanceUID: item.studyInstanceUid,
      SeriesInstanceUID: item.seriesInstanceUid ?? '',
      SOPInstanceUID: item.sopInstanceUid ?? '',
    };
    const request = { level: 'IMAGE' as const, keys, signal };
    if (source.retrieveMethod !== RetrieveMethod.CGet) {
      return retrieveByMove(await this.open(source, { move: true }), request, source.moveDestinationAeTitle);
    }
    const sopClass = await this.sopClassOf(source, item, signal);
    const client = await this.open(source, { get: { storageSopClasses: [sopClass] } });
    return retrieveByGet(client, request, sink, {
      callingAeTitle: source.remoteAeTitle,
      calledAeTitle: source.localAeTitle,
      peerAddress: source.remoteHost,
    });
  }

  private open(
    source: DimseQrSourceEntity,
    services: Pick<Parameters<typeof QrClient.open>[0], 'find' | 'move' | 'get'>,
  ): Promise<QrClient> {
    const { connectTimeoutMs, responseTimeoutMs } = this.config.dimseQr;
    const peer: ScuPeer = {
      host: source.remoteHost,
      port: source.remotePort,
      calledAeTitle: source.remoteAeTitle,
      callingAeTitle: source.localAeTitle,
    };
    return QrClient.open({
      peer,
      timeouts: { connectTimeoutMs, associationTimeoutMs: responseTimeoutMs, responseTimeoutMs },
      ...services,
    });
  }

  private rememberSopClass(sourceId: number, sopInstanceUid: string, sopClassUid: string): void {
    const key = `${sourceId}|${sopInstanceUid}`;
    this.sopClasses.delete(key);
    this.sopClasses.set(key, sopClassUid);
    if (this.sopClasses.size > SOP_CLASS_MEMORY) this.sopClasses.delete(this.sopClasses.keys().next().value as string);
  }

  /** The SOP class of an item (C-GET proposes exactly it): remembered from listItems, else asked. */
  private async sopClassOf(source: DimseQrSourceEntity, item: RetrievalItem, signal: AbortSignal): Promise<string> {
    const known = this.sopClasses.get(`${source.id}|${item.key}`);
    if (known) return known;
    const client = await this.open(source, { find: ['study'] });
    try {
      const found = await client.find({
        level: 'IMAGE',
        keys: {
          StudyInstanceUID: item.studyInstanceUid,
          SeriesInstanceUID: item.seriesInstanceUid ?? '',
          SOPInstanceUID: item.key,
          SOPClassUID: '',
        },
        signal,
      });
      const sopClass = found[0]?.['SOPClassUID'];
      if (!sopClass) throw new Error(`${client.peerName} does not know instance ${item.key} any more`);
      this.rememberSopClass(source.id, item.key, sopClass);
      return sopClass;
    } finally {
      await client.release();
    }
  }
}

const STUDY_RETURN_KEYS: QrKeys = {
  StudyInstanceUID: '',
  NumberOfStudyRelatedSeries: '',
  NumberOfStudyRelatedInstances: '',
};

/** A study's signature: its series and instance counts, when the peer computes them (then a grown study is expanded again). */
function* studyCandidates(matches: QrKeys[]): Iterable<StudyCandidate> {
  const seen = new Set<string>();
  for (const m of matches) {
    const studyInstanceUid = m['StudyInstanceUID'] ?? '';
    if (studyInstanceUid === '' || seen.has(studyInstanceUid)) continue;
    seen.add(studyInstanceUid);
    const series = m['NumberOfStudyRelatedSeries'] ?? '';
    const instances = m['NumberOfStudyRelatedInstances'] ?? '';
    yield {
      studyInstanceUid,
      changedAt: null,
      signature: series !== '' && instances !== '' ? `${series}/${instances}` : null,
    };
  }
}

/** SERIES level: the studies of the matching series; the signature lists each series with its instance count. */
function* seriesStudies(matches: QrKeys[]): Iterable<StudyCandidate> {
  const studies = new Map<string, string[] | null>();
  for (const m of matches) {
    const study = m['StudyInstanceUID'] ?? '';
    if (study === '') continue;
    const count = m['NumberOfSeriesRelatedInstances'] ?? '';
    const parts = studies.has(study) ? (studies.get(study) ?? null) : [];
    studies.set(study, parts && count !== '' ? [...parts, `${m['SeriesInstanceUID'] ?? ''}:${count}`] : null);
  }
  for (const [studyInstanceUid, parts] of studies) {
    yield {
      studyInstanceUid,
      changedAt: null,
      signature: parts ? createHash('sha1').update(parts.sort().join(',')).digest('hex') : null,
    };
  }
}
