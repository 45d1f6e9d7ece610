import { readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { DeliveryEntity } from '@axiom/persistence';

/**
 * The bytes a delivery sends, as its row keeps them: the file at `output_path`, or a spliced
 * output (its head in the row, then the received file from the splice point).
 */
export async function deliveryOutputBytes(db: DataSource, deliveryId: number): Promise<Buffer> {
  const row = await db
    .getRepository(DeliveryEntity)
    .createQueryBuilder('d')
    .addSelect('d.outputHead')
    .where('d.id = :id', { id: deliveryId })
    .getOneOrFail();
  const file = readFileSync(row.outputPath);
  if (row.outputHead === null || row.outputSourceOffset === null) return file;
  return Buffer.concat([Buffer.from(row.outputHead, 'base64'), file.subarray(row.outputSourceOffset)]);
}
