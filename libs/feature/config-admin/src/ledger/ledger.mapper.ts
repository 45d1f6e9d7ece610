import type { DeliveryDto, InstanceDto, InstanceHistoryDto } from '@axiom/contracts';
import type { DeliveryErrorClass } from '@axiom/domain';
import type { DeliveryEntity, InstanceEntity } from '@axiom/persistence';
import { iso, isoRequired } from '../common/wire';

/** A delivery as the API shows it, with its storage backend's name when loaded. */
export function toDeliveryDto(row: DeliveryEntity): DeliveryDto {
  return {
    id: row.id,
    instance_id: row.instanceId,
    storage_backend_id: row.storageBackendId,
    storage_backend_name: row.storageBackend?.name ?? null,
    rule_id: row.ruleId,
    status: row.status,
    attempts: row.attempts,
    last_error: row.lastError,
    error_class: row.errorClass as DeliveryErrorClass | null,
    next_attempt_at: iso(row.nextAttemptAt),
    delivered_at: iso(row.deliveredAt),
    detail: row.detail,
    created_at: isoRequired(row.createdAt),
    updated_at: isoRequired(row.updatedAt),
  };
}

/** An instance as the API lists it. */
export function toInstanceDto(row: InstanceEntity): InstanceDto {
  return {
    id: row.id,
    source_type: row.sourceType,
    source_name: row.sourceName,
    calling_ae_title: row.callingAeTitle,
    called_ae_title: row.calledAeTitle,
    peer_address: row.peerAddress,
    study_instance_uid: row.studyInstanceUid,
    series_instance_uid: row.seriesInstanceUid,
    sop_instance_uid: row.sopInstanceUid,
    sop_class_uid: row.sopClassUid,
    patient_id: row.patientId,
    patient_name: row.patientName,
    accession_number: row.accessionNumber,
    transfer_syntax_uid: row.transferSyntaxUid,
    size_bytes: row.sizeBytes,
    state: row.state,
    received_at: isoRequired(row.receivedAt),
    routed_at: iso(row.routedAt),
    completed_at: iso(row.completedAt),
    error_message: row.errorMessage,
    routing_attempts: row.routingAttempts,
    created_at: isoRequired(row.createdAt),
    updated_at: isoRequired(row.updatedAt),
  };
}

/** An instance with what matched, what changed and each delivery. */
export function toInstanceHistoryDto(row: InstanceEntity, deliveries: DeliveryEntity[]): InstanceHistoryDto {
  return {
    ...toInstanceDto(row),
    matched_rules: row.matchedRules,
    morphing: row.morphing,
    deliveries: deliveries.map(toDeliveryDto),
  };
}
