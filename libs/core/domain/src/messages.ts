/**
 * The message map: every message name with its payload. Payloads carry ids and paths, never
 * DICOM bytes. Consumers validate what they receive with the guards below.
 */
export const Messages = {
  InstanceReceived: 'instance.received',
  DeliveryRequested: 'delivery.requested',
} as const;

export interface InstanceReceivedPayload {
  instanceId: number;
}

export interface DeliveryRequestedPayload {
  deliveryId: number;
}

export interface MessagePayloads {
  [Messages.InstanceReceived]: InstanceReceivedPayload;
  [Messages.DeliveryRequested]: DeliveryRequestedPayload;
}

export type MessageName = keyof MessagePayloads;

/** Queue that carries each message, one queue per message kind. */
export const QUEUE_OF: Record<MessageName, string> = {
  [Messages.InstanceReceived]: 'axiom.instance.received',
  [Messages.DeliveryRequested]: 'axiom.delivery.requested',
};

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

export function isInstanceReceivedPayload(value: unknown): value is InstanceReceivedPayload {
  return typeof value === 'object' && value !== null && isPositiveInt((value as Record<string, unknown>)['instanceId']);
}

export function isDeliveryRequestedPayload(value: unknown): value is DeliveryRequestedPayload {
  return typeof value === 'object' && value !== null && isPositiveInt((value as Record<string, unknown>)['deliveryId']);
}
