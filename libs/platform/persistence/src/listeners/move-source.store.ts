import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { DimseQrSourceEntity } from '../entities/input-sources.entity';

/** What identifies a DIMSE Q/R source's C-MOVE on the wire. */
export interface MoveSourceIdentity {
  name: string;
  /** Our AE in the C-MOVE: the Move Originator AE Title (0000,1030) of its C-STOREs. */
  localAeTitle: string;
  /** The Q/R peer, which also sends the C-STOREs (their calling AE) as most PACS do. */
  remoteAeTitle: string;
  /** The listener the C-MOVE names (the C-STOREs' called AE). */
  moveDestinationAeTitle: string;
}

/** The DIMSE Q/R sources as a listener sees them: who may send it the sub-operations of a C-MOVE. */
@Injectable()
export class MoveSourceStore {
  private readonly sources: Repository<DimseQrSourceEntity>;

  constructor(@InjectDataSource() db: DataSource) {
    this.sources = db.getRepository(DimseQrSourceEntity);
  }

  /** The enabled Q/R sources' C-MOVE identities, in id order. */
  async enabledIdentities(): Promise<MoveSourceIdentity[]> {
    const rows = await this.sources.find({ where: { isEnabled: true }, order: { id: 'ASC' } });
    return rows.map((s) => ({
      name: s.name,
      localAeTitle: s.localAeTitle,
      remoteAeTitle: s.remoteAeTitle,
      moveDestinationAeTitle: s.moveDestinationAeTitle,
    }));
  }
}
