import { ApiProperty } from '@nestjs/swagger';

/** The answer to `POST /config/{dicomweb-sources|dimse-qr-sources}/{id}/poll`. */
export class PollRequestDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({
    example: '2026-01-31T10:15:30.000Z',
    description:
      'when the request was recorded; a poller starts a round within POLL_RECONCILE_INTERVAL_MS (unless one is running: then right after it)',
  })
  poll_requested_at: string;
}
