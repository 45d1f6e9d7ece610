import type {
  CreateDimseListenerDto,
  CreateRuleDto,
  CreateRulesetDto,
  CreateStorageBackendDto,
} from '@axiom/contracts';
import { DeliveryStatus, ExecutionMode, InstanceState, SourceType, DestinationType } from '@axiom/domain';
import type {
  DeliveryEntity,
  DimseListenerEntity,
  InstanceEntity,
  RuleEntity,
  RulesetEntity,
  DestinationEntity,
} from '@axiom/persistence';

/**
 * Builders of valid configuration, in the two shapes tests need: a REST request body
 * (`...Body`, snake_case, what `POST /api/v1/...` takes) and the fields of an entity (`...Fields`,
 * what `repository.save` takes). Each has sensible defaults; pass only what the test is about.
 */

let sequence = 0;
/** A name no other builder call in this process returned. */
export function uniqueName(prefix: string): string {
  sequence += 1;
  return `${prefix}-${sequence}`;
}

/** A filesystem storage backend writing under `path`. */
export function filesystemBackendBody(path: string, o: Partial<CreateStorageBackendDto> = {}): CreateStorageBackendDto {
  return { name: uniqueName('folder'), backend_type: DestinationType.Filesystem, path, ...o };
}

/** A C-STORE storage backend sending to `remoteAeTitle` at 127.0.0.1:`remotePort`. */
export function cstoreBackendBody(
  remotePort: number,
  o: Partial<CreateStorageBackendDto> = {},
): CreateStorageBackendDto {
  return {
    name: uniqueName('cstore'),
    backend_type: DestinationType.Cstore,
    remote_ae_title: 'STORESCP',
    remote_host: '127.0.0.1',
    remote_port: remotePort,
    local_ae_title: 'AXIOM_STORE_SCU',
    tls_enabled: false,
    ...o,
  };
}

export function rulesetBody(o: Partial<CreateRulesetDto> = {}): CreateRulesetDto {
  return { name: uniqueName('ruleset'), execution_mode: ExecutionMode.AllMatches, ...o };
}

/** A rule of `rulesetId` that matches everything and sends to `destinationIds`. */
export function ruleBody(rulesetId: number, destinationIds: number[], o: Partial<CreateRuleDto> = {}): CreateRuleDto {
  return {
    ruleset_id: rulesetId,
    name: uniqueName('rule'),
    match_criteria: [],
    tag_modifications: [],
    destination_ids: destinationIds,
    ...o,
  };
}

/** A C-STORE listener on `port`, AE title AXIOM, served by the processes of instance `default`. */
export function listenerBody(port: number, o: Partial<CreateDimseListenerDto> = {}): CreateDimseListenerDto {
  return { name: uniqueName('listener'), ae_title: 'AXIOM', port, instance_id: 'default', ...o };
}

type Fields<E> = Omit<E, 'id' | 'createdAt' | 'updatedAt'>;

/** An enabled filesystem storage backend row writing under `path`. */
export function filesystemBackendFields(
  path: string,
  o: Partial<Fields<DestinationEntity>> = {},
): Fields<DestinationEntity> {
  return {
    name: uniqueName('folder'),
    description: null,
    isEnabled: true,
    backendType: DestinationType.Filesystem,
    config: { path },
    secrets: null,
    retryPolicy: null,
    ...o,
  };
}

/** An enabled C-STORE storage backend row sending to STORESCP at 127.0.0.1:`remotePort`. */
export function cstoreBackendFields(
  remotePort: number,
  o: Partial<Fields<DestinationEntity>> = {},
): Fields<DestinationEntity> {
  return {
    name: uniqueName('cstore'),
    description: null,
    isEnabled: true,
    backendType: DestinationType.Cstore,
    secrets: null,
    retryPolicy: null,
    config: {
      remote_ae_title: 'STORESCP',
      remote_host: '127.0.0.1',
      remote_port: remotePort,
      local_ae_title: 'AXIOM_STORE_SCU',
      tls_enabled: false,
    },
    ...o,
  };
}

export function rulesetFields(o: Partial<Fields<RulesetEntity>> = {}): Omit<Fields<RulesetEntity>, 'rules'> {
  return {
    name: uniqueName('ruleset'),
    description: null,
    isActive: true,
    priority: 0,
    executionMode: ExecutionMode.AllMatches,
    ...o,
  };
}

/** An active rule of `rulesetId` that matches everything and sends to `destinations`. */
export function ruleFields(
  rulesetId: number,
  destinations: DestinationEntity[],
  o: Partial<Fields<RuleEntity>> = {},
): Omit<Fields<RuleEntity>, 'ruleset'> {
  return {
    rulesetId,
    name: uniqueName('rule'),
    description: null,
    isActive: true,
    priority: 0,
    matchCriteria: [],
    associationCriteria: [],
    tagModifications: [],
    applicableSources: null,
    destinations,
    ...o,
  };
}

/** An enabled C-STORE listener row on `port`, AE title AXIOM, instance `default`. */
export function listenerFields(
  port: number,
  o: Partial<Fields<DimseListenerEntity>> = {},
): Fields<DimseListenerEntity> {
  return {
    name: uniqueName('listener'),
    description: null,
    aeTitle: 'AXIOM',
    port,
    isEnabled: true,
    instanceId: 'default',
    tlsEnabled: false,
    ...o,
  };
}

/** A ledger row of a CT instance received now by listener `default` and routed, with a fresh SOP Instance UID. */
export function instanceFields(o: Partial<Fields<InstanceEntity>> = {}): Omit<Fields<InstanceEntity>, 'deliveries'> {
  sequence += 1;
  const n = sequence;
  return {
    sourceType: SourceType.DimseListener,
    sourceName: 'default',
    callingAeTitle: null,
    calledAeTitle: null,
    peerAddress: null,
    studyInstanceUid: `2.25.${n}`,
    seriesInstanceUid: `2.25.${n}.1`,
    sopInstanceUid: `2.25.${n}.1.1`,
    sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
    patientId: null,
    patientName: null,
    accessionNumber: null,
    transferSyntaxUid: '1.2.840.10008.1.2.1',
    spoolPath: `spool/${n}.dcm`,
    sizeBytes: 10,
    receivedAt: new Date(),
    state: InstanceState.Routed,
    routedAt: new Date(),
    completedAt: null,
    matchedRules: [],
    morphing: [],
    errorMessage: null,
    routingAttempts: 0,
    datasetOffset: null,
    ...o,
  };
}

type DeliveryFields = Omit<Fields<DeliveryEntity>, 'instance' | 'storageBackend'>;

/** A pending delivery row of `instanceId` to `storageBackendId`, never tried. */
export function deliveryFields(
  instanceId: number,
  storageBackendId: number,
  o: Partial<DeliveryFields> = {},
): DeliveryFields {
  return {
    instanceId,
    storageBackendId,
    ruleId: null,
    outputKey: '',
    outputPath: 'spool/out.dcm',
    status: DeliveryStatus.Pending,
    attempts: 0,
    lastError: null,
    errorClass: null,
    nextAttemptAt: null,
    deliveredAt: null,
    detail: null,
    claimOwner: null,
    claimedAt: null,
    outputStudyInstanceUid: null,
    outputSeriesInstanceUid: null,
    outputSopInstanceUid: null,
    outputSopClassUid: null,
    outputTransferSyntaxUid: null,
    outputDatasetOffset: null,
    outputHead: null,
    outputSourceOffset: null,
    ...o,
  };
}
