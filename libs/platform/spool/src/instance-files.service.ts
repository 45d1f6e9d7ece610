import { Injectable, Logger, Module } from '@nestjs/common';
import { InstanceState } from '@axiom/domain';
import { LedgerPersistenceModule, LedgerRepository } from '@axiom/persistence';
import { SpoolModule } from './spool.module';
import { SpoolService } from './spool.service';

/**
 * The end of an instance's files. When every delivery is final (no claim live, nothing waiting
 * or held), the ledger marks the instance completed or failed in one statement; then a completed
 * instance's spool files are removed, and a failed one's move under DICOM_ERROR_PATH, where a
 * person's retry finds them (the ledger is pointed at the new paths before the old names go).
 */
@Injectable()
export class InstanceFilesService {
  private readonly logger = new Logger('InstanceFiles');

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly spool: SpoolService,
  ) {}

  async finishIfDone(instanceId: number): Promise<InstanceState.Completed | InstanceState.Failed | null> {
    const state = await this.ledger.completeIfDone(instanceId);
    if (state === null) return null;
    const files = await this.ledger.filesOf(instanceId);
    if (!files) return state;
    const paths = [files.spoolPath, ...files.outputPaths];
    if (state === InstanceState.Completed) {
      for (const path of new Set(paths)) await this.spool.remove(path);
      return state;
    }
    const moves = await this.spool.moveToErrors(instanceId, paths, (m) => this.ledger.recordFilesMoved(instanceId, m));
    if (moves.size > 0)
      this.logger.warn(
        `instance ${instanceId}: a delivery failed; its files are kept under ${this.spool.failedDir(instanceId)}`,
      );
    return state;
  }
}

@Module({
  imports: [SpoolModule, LedgerPersistenceModule],
  providers: [InstanceFilesService],
  exports: [InstanceFilesService],
})
export class InstanceFilesModule {}
