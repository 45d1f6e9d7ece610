import { Controller, Get } from '@nestjs/common';
import { Public } from '@axiom/auth';
import { HealthReport, HealthService } from './health.service';

/** /health on the health port of the listener, worker and poller: 200 with the report, 503 when degraded. */
@Public()
@Controller()
export class HealthController {
  constructor(private readonly healthService: HealthService) {}

  @Get('health')
  health(): Promise<HealthReport> {
    return this.healthService.ready();
  }
}
