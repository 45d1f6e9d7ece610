import { Inject, Injectable, Optional } from '@nestjs/common';
import type { ProcessFileDto, ProcessFileResponseDto, ProcessJsonDto, ProcessJsonResponseDto } from '@axiom/contracts';
import { DicomFile } from '@axiom/dicom-io';
import { SourceType, type RulesetDefinition } from '@axiom/domain';
import { type MorphOptions, dryRunFile, processJson } from '@axiom/rule-engine';
import { APP_CONFIG, type AppConfig } from '@axiom/platform-config';
import { RequestException } from '@axiom/platform-http';
import { KnownSources, type SourceNameLookup, unknownSourceWarnings } from '../common/known-sources';
import { dicomJsonShapeErrors } from './dicom-json-shape';
import { DRY_RUN_MORPH_OPTIONS, RULESET_LOADER, type RulesetLoader } from './ruleset-loader';
import {
  type UploadedDicom,
  appliedRulesMorph,
  readUpload,
  requireUpload,
  toFileResponse,
  withoutModifications,
} from './uploaded-dicom';

export type { UploadedDicom } from './uploaded-dicom';

/** What a dry run evaluates: the rulesets, and whether each really is active (one asked for by id runs anyway). */
interface Selection {
  rulesets: RulesetDefinition[];
  activeOf: Map<number, boolean>;
}

/** Dry runs of the rule engine: nothing is stored, nothing is sent. */
@Injectable()
export class DryRunService {
  constructor(
    @Inject(RULESET_LOADER) private readonly loader: RulesetLoader,
    @Inject(DRY_RUN_MORPH_OPTIONS) private readonly morphOptions: MorphOptions,
    @Optional() @Inject(APP_CONFIG) private readonly config?: AppConfig,
    @Optional() @Inject(KnownSources) private readonly sources?: SourceNameLookup,
  ) {}

  async processJson(dto: ProcessJsonDto): Promise<ProcessJsonResponseDto> {
    // checked before conversion: a malformed attribute is a 422 naming it, never a converter's exception text
    const shape = dicomJsonShapeErrors(dto.dicom_json);
    if (shape.length > 0) throw RequestException.invalid(shape);
    const selection = await this.select(dto.ruleset_id);
    const result = processJson({
      dicomJson: dto.dicom_json,
      rulesets: selection.rulesets,
      sourceIdentifier: dto.source_identifier,
      options: this.morphOptions,
    });
    return {
      ...result,
      errors: result.errors.map((e) =>
        e.startsWith(UNEXPECTED_CONVERSION_ERROR)
          ? `${UNEXPECTED_CONVERSION_ERROR}the object could not be converted to a data set`
          : e,
      ),
      warnings: [...(await this.sourceWarnings(selection.rulesets)), ...result.warnings],
    };
  }

  /**
   * Matching reads the header only (up to the pixel data, in growing chunks); the whole file is
   * read only when a matched rule modifies the instance, as the router worker does.
   */
  async processFile(upload: UploadedDicom | undefined, dto: ProcessFileDto): Promise<ProcessFileResponseDto> {
    const { path } = requireUpload(upload);
    const limits = this.config?.limits;
    const selection = await this.select(dto.ruleset_id);
    const source = dto.source_identifier ?? SourceType.ApiJson;
    const origin = {
      sourceName: source,
      callingAeTitle: dto.calling_ae_title ?? null,
      calledAeTitle: dto.called_ae_title ?? null,
      peerAddress: dto.source_ip ?? null,
    };
    let file = await readUpload(() => DicomFile.readHeader(path, { limits }));
    let run = dryRunFile({
      file,
      rulesets: withoutModifications(selection.rulesets),
      options: this.morphOptions,
      origin,
    });
    if (appliedRulesMorph(run, selection.rulesets)) {
      file = await readUpload(() => DicomFile.read(path, { headerOnly: true, limits }));
      run = dryRunFile({ file, rulesets: selection.rulesets, options: this.morphOptions, origin });
    }
    return toFileResponse({
      file,
      source,
      run,
      warnings: await this.sourceWarnings(selection.rulesets),
      activeOf: selection.activeOf,
    });
  }

  /** The active rulesets; or the one asked for, evaluated whether it is active or not. */
  private async select(id: number | undefined): Promise<Selection> {
    if (id === undefined) {
      const active = await this.loader.loadActive();
      return { rulesets: active, activeOf: new Map(active.map((rs) => [rs.id, rs.isActive])) };
    }
    const one = await this.loader.loadOne(id);
    if (!one) throw RequestException.notFound('ruleset', id);
    return { rulesets: [{ ...one, isActive: true }], activeOf: new Map([[one.id, one.isActive]]) };
  }

  /** Rules naming a source that does not exist would never match it: said in `warnings`. */
  private async sourceWarnings(rulesets: RulesetDefinition[]): Promise<string[]> {
    if (!this.sources || !rulesets.some((rs) => rs.rules.some((r) => r.applicableSources))) return [];
    const known = await this.sources.names();
    return rulesets.flatMap((rs) =>
      rs.rules.flatMap((r) =>
        unknownSourceWarnings(r.applicableSources, known).map((w) => `rule ${r.id} "${r.name}": ${w}`),
      ),
    );
  }
}

/** processJson's prefix for an exception it did not expect; the text after it is internal. */
const UNEXPECTED_CONVERSION_ERROR = 'invalid DICOM JSON: ';
