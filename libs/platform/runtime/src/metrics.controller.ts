import { Controller, DynamicModule, Get, Header, Module, Type } from '@nestjs/common';
import { ApiExcludeController, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '@axiom/auth';
import { RoleName } from '@axiom/domain';
import { METRICS_CONTENT_TYPE, renderMetrics } from '@axiom/observability';

/** /metrics for Prometheus without an identity: the health port, or an API port where METRICS_ALLOW_ANONYMOUS is on. */
@ApiExcludeController()
@Public()
@Controller()
export class PublicMetricsController {
  @Get('metrics')
  @Header('Content-Type', METRICS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  metrics(): Promise<string> {
    return renderMetrics();
  }
}

/** /api/v1/metrics on the API port: any signed-in identity (`Authorization: Api-Key ...` in the scrape config). */
@ApiTags('status')
@Controller()
export class GuardedMetricsController {
  @Get('metrics')
  @Roles(RoleName.User)
  @ApiOperation({
    summary: 'Prometheus metrics',
    description:
      "The process's metrics in the Prometheus text format (counters, histograms, gauges, process metrics). Set METRICS_ALLOW_ANONYMOUS=true to scrape without an identity.",
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4', schema: { type: 'string' } })
  @Header('Content-Type', METRICS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  metrics(): Promise<string> {
    return renderMetrics();
  }
}

/** The metrics route of an app: open on a health port; on the API port guarded unless `allowAnonymous`. */
@Module({})
export class MetricsModule {
  static forRoot(options: { port: 'health' | 'api'; allowAnonymous: boolean }): DynamicModule {
    const controller: Type =
      options.port === 'health' || options.allowAnonymous ? PublicMetricsController : GuardedMetricsController;
    return { module: MetricsModule, controllers: [controller] };
  }
}
