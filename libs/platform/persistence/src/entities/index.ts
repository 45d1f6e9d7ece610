import { ApiKeyEntity } from './api-key.entity';
import { AuditLogEntity } from './audit-log.entity';
import { DicomwebSourceEntity, DimseListenerEntity, DimseQrSourceEntity } from './input-sources.entity';
import { DeliveryEntity, InstanceEntity } from './instance.entity';
import { ListenerStatusEntity } from './listener-status.entity';
import { PollingSeenEntity, PollingStateEntity } from './polling.entity';
import { RuleEntity, RulesetEntity } from './ruleset.entity';
import { DestinationEntity } from './storage-backend.entity';
import { DestinationBreakerEntity } from './storage-backend-breaker.entity';
import { RoleEntity, UserEntity } from './user.entity';

export * from './api-key.entity';
export * from './audit-log.entity';
export * from './input-sources.entity';
export * from './instance.entity';
export * from './listener-status.entity';
export * from './polling.entity';
export * from './ruleset.entity';
export * from './storage-backend.entity';
export * from './storage-backend-breaker.entity';
export * from './user.entity';

export const ENTITIES = [
  RoleEntity,
  UserEntity,
  ApiKeyEntity,
  DestinationEntity,
  RulesetEntity,
  RuleEntity,
  DimseListenerEntity,
  DicomwebSourceEntity,
  DimseQrSourceEntity,
  InstanceEntity,
  DeliveryEntity,
  AuditLogEntity,
  ListenerStatusEntity,
  PollingStateEntity,
  PollingSeenEntity,
  DestinationBreakerEntity,
];
