import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Messages, isDeliveryRequestedPayload, isInstanceReceivedPayload } from '@axiom/domain';
import { PoisonMessageError, settle } from '@axiom/messaging';
import { DeliveryService } from './delivery.service';
import { RoutingService } from './routing.service';

/** Broker consumers: validate the payload, do the work, then ack (see settle). */
@Controller()
export class RoutingConsumer {
  constructor(
    private readonly routing: RoutingService,
    private readonly delivery: DeliveryService,
  ) {}

  @EventPattern(Messages.InstanceReceived)
  onInstanceReceived(@Payload() payload: unknown, @Ctx() ctx: unknown): Promise<void> {
    return settle(ctx, async () => {
      if (!isInstanceReceivedPayload(payload))
        throw new PoisonMessageError(`invalid ${Messages.InstanceReceived} payload: ${JSON.stringify(payload)}`);
      await this.routing.route(payload.instanceId);
    });
  }

  @EventPattern(Messages.DeliveryRequested)
  onDeliveryRequested(@Payload() payload: unknown, @Ctx() ctx: unknown): Promise<void> {
    return settle(ctx, async () => {
      if (!isDeliveryRequestedPayload(payload))
        throw new PoisonMessageError(`invalid ${Messages.DeliveryRequested} payload: ${JSON.stringify(payload)}`);
      // acked once the delivery is claimed and in its destination's lane: the send does not hold a prefetch slot
      await this.delivery.dispatch(payload.deliveryId);
    });
  }
}
