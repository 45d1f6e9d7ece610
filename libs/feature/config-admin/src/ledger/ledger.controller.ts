import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentIdentity, Identity, Roles } from '@axiom/auth';
import {
  BulkRetryDto,
  DeliveryDto,
  DeliveryQueryDto,
  DiscardHeldDto,
  DiscardResultDto,
  ErrorBodyDto,
  InstanceDto,
  InstanceHistoryDto,
  InstanceQueryDto,
  RetryResultDto,
} from '@axiom/contracts';
import { RoleName } from '@axiom/domain';
import { IdParam } from '@axiom/platform-http';
import { LedgerService } from './ledger.service';

/** The ledger routes: instances, deliveries, retries and the discard of a held backlog. */
@ApiTags('ledger')
@Controller()
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @Get('instances')
  @Roles(RoleName.User)
  @ApiOperation({
    summary: 'List received instances',
    description:
      'Newest first. Filters (all optional, combined with AND): state, study_instance_uid, sop_instance_uid, patient_id, accession_number, ' +
      'source_name and source_type match exactly; patient_name is a case-insensitive "contains"; received_after (inclusive) and received_before ' +
      '(exclusive) bound the receive time. Page with limit/offset.',
  })
  @ApiOkResponse({ type: [InstanceDto] })
  listInstances(@Query() query: InstanceQueryDto): Promise<InstanceDto[]> {
    return this.ledger.listInstances(query);
  }

  @Get('instances/:id')
  @Roles(RoleName.User)
  @ApiOperation({
    summary: 'History of one instance',
    description:
      'What matched (matched_rules), what changed (morphing) and each delivery with status, attempts and last_error.',
  })
  @ApiOkResponse({ type: InstanceHistoryDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  instance(@IdParam() id: number): Promise<InstanceHistoryDto> {
    return this.ledger.instanceHistory(id);
  }

  @Post('instances/:id/retry')
  @HttpCode(200)
  @Roles(RoleName.Admin)
  @ApiOperation({
    summary: 'Retry the dead-lettered deliveries of an instance',
    description: 'Failed deliveries go back to pending with attempts 0 and are sent again at once.',
  })
  @ApiOkResponse({ type: RetryResultDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  retryInstance(@IdParam() id: number, @CurrentIdentity() actor: Identity): Promise<RetryResultDto> {
    return this.ledger.retryInstance(id, actor);
  }

  @Get('deliveries')
  @Roles(RoleName.User)
  @ApiOperation({
    summary: 'List deliveries',
    description:
      '`?status=failed` lists the dead letters waiting for a person; `?status=held` the deliveries waiting for a disabled storage backend.',
  })
  @ApiOkResponse({ type: [DeliveryDto] })
  listDeliveries(@Query() query: DeliveryQueryDto): Promise<DeliveryDto[]> {
    return this.ledger.listDeliveries(query);
  }

  @Post('deliveries/:id/retry')
  @HttpCode(200)
  @Roles(RoleName.Admin)
  @ApiOperation({
    summary: 'Retry a dead-lettered delivery',
    description: '409 unless the delivery is failed; sent again at once.',
  })
  @ApiOkResponse({ type: RetryResultDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  retryDelivery(@IdParam() id: number, @CurrentIdentity() actor: Identity): Promise<RetryResultDto> {
    return this.ledger.retryDelivery(id, actor);
  }

  @Post('deliveries/retry')
  @HttpCode(200)
  @Roles(RoleName.Admin)
  @ApiOperation({
    summary: 'Retry many dead-lettered deliveries',
    description:
      'The failed deliveries among delivery_ids, or every failed delivery of storage_backend_id (both given: only those of that backend). ' +
      'Deliveries that are not failed are left alone and not counted. Sent again at once; audited.',
  })
  @ApiOkResponse({ type: RetryResultDto })
  @ApiNotFoundResponse({ description: 'storage_backend_id names no storage backend', type: ErrorBodyDto })
  retryMany(@Body() body: BulkRetryDto, @CurrentIdentity() actor: Identity): Promise<RetryResultDto> {
    return this.ledger.retryMany(body, actor);
  }

  @Post('deliveries/discard')
  @HttpCode(200)
  @Roles(RoleName.Admin)
  @ApiOperation({
    summary: 'Discard the held deliveries of a storage backend',
    description:
      'Deliveries held while their storage backend is disabled are otherwise sent when it is enabled again. ' +
      'Discarded ones become failed (dead letters a person may still retry); audited.',
  })
  @ApiOkResponse({ type: DiscardResultDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  discardHeld(@Body() body: DiscardHeldDto, @CurrentIdentity() actor: Identity): Promise<DiscardResultDto> {
    return this.ledger.discardHeld(body, actor);
  }
}
