import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '@axiom/auth';
import {
  DashboardStatusDto,
  HealthDto,
  InputSourceDto,
  ListenerStatusDto,
  SourceStatusDto,
  StorageBackendStatusDto,
  ThroughputDto,
  ThroughputQueryDto,
} from '@axiom/contracts';
import { RoleName } from '@axiom/domain';
import { SourceStatusService } from './source-status.service';
import { StatusService } from './status.service';
import { ThroughputService } from './throughput.service';

/** The dashboard, health and status routes. */
@ApiTags('status')
@Controller()
export class StatusController {
  constructor(
    private readonly status: StatusService,
    private readonly sources: SourceStatusService,
    private readonly throughputs: ThroughputService,
  ) {}

  @Get('dashboard/status')
  @Roles(RoleName.User)
  @ApiOperation({
    summary: 'Everything at a glance',
    description:
      "Database and broker health, each listener (state, port, AE, associations served, last error), each source's counts, the worker queue depths and the ledger counts (dead letters included).",
  })
  @ApiOkResponse({ type: DashboardStatusDto })
  dashboard(): Promise<DashboardStatusDto> {
    return this.status.dashboard();
  }

  @Get('dashboard/throughput')
  @Roles(RoleName.User)
  @ApiOperation({
    summary: 'Instances received, delivered and failed per minute',
    description:
      'One point per minute of the last `minutes` (default 60, at most 1440), oldest first, the current minute last; quiet minutes are zeros. `failed` counts deliveries dead-lettered in that minute.',
  })
  @ApiOkResponse({ type: ThroughputDto })
  throughput(@Query() query: ThroughputQueryDto): Promise<ThroughputDto> {
    return this.throughputs.perMinute(query.minutes ?? 60);
  }

  @Get('system/health')
  @Public()
  @ApiOperation({
    summary: 'Health of database and broker',
    description: 'Public, for load balancers: no configuration in the answer.',
  })
  @ApiOkResponse({ type: HealthDto })
  health(): Promise<HealthDto> {
    return this.status.health();
  }

  @Get('system/dimse-listeners/status')
  @Roles(RoleName.User)
  @ApiOperation({
    summary: 'DIMSE listener states',
    description:
      'state is unknown when this process does not run the listener (distributed mode without a status source).',
  })
  @ApiOkResponse({ type: [ListenerStatusDto] })
  listeners(): Promise<ListenerStatusDto[]> {
    return this.sources.listenerStatuses();
  }

  @Get('system/storage-backends/status')
  @Roles(RoleName.User)
  @ApiOperation({
    summary: 'Storage backend states',
    description:
      'Each storage backend with its deliveries by status and its circuit breaker (closed, open or half_open, consecutive failures, next probe).',
  })
  @ApiOkResponse({ type: [StorageBackendStatusDto] })
  storageBackends(): Promise<StorageBackendStatusDto[]> {
    return this.status.storageBackendStatuses();
  }

  @Get('system/dicomweb-pollers/status')
  @Roles(RoleName.User)
  @ApiOperation({ summary: 'DICOMweb poller states and counts' })
  @ApiOkResponse({ type: [SourceStatusDto] })
  dicomweb(): Promise<SourceStatusDto[]> {
    return this.sources.dicomwebStatuses();
  }

  @Get('system/dimse-qr-sources/status')
  @Roles(RoleName.User)
  @ApiOperation({ summary: 'DIMSE Q/R source states and counts' })
  @ApiOkResponse({ type: [SourceStatusDto] })
  qr(): Promise<SourceStatusDto[]> {
    return this.sources.qrStatuses();
  }

  @Get('system/input-sources')
  @Roles(RoleName.User)
  @ApiOperation({
    summary: 'Every input source name',
    description:
      'The names rules may list in applicable_sources: listeners, DICOMweb and DIMSE Q/R sources, api_json and stow_rs.',
  })
  @ApiOkResponse({ type: [InputSourceDto] })
  inputSources(): Promise<InputSourceDto[]> {
    return this.sources.inputSources();
  }
}
