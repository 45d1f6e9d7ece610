import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '@axiom/auth';
import { MessagePublisher } from '@axiom/messaging';

/** Liveness and readiness of a service process: database reachable, broker publishing. */
@Public()
@Controller()
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource, @Inject(MessagePublisher) private readonly publisher: MessagePublisher) {}

  @Get('health')
  async health(): Promise<{ status: 'ok'; database: 'ok'; broker: 'ok' }> {
    try {
      await this.db.query('SELECT 1');
    } catch (err) {
      throw new HttpException({ status: 'error', database: (err as Error).message }, HttpStatus.SERVICE_UNAVAILABLE);
    }
    if (!this.publisher.isHealthy()) throw new HttpException({ status: 'error', broker: 'not connected' }, HttpStatus.SERVICE_UNAVAILABLE);
    return { status: 'ok', database: 'ok', broker: 'ok' };
  }
}
