import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Not } from 'typeorm';
import { DicomwebSourceEntity, DimseListenerEntity, DimseQrSourceEntity } from '../entities/input-sources.entity';
import { NamedConfigStore } from './named-config.store';

/** Where a listener wants to listen: its port on its process (AXIOM_INSTANCE_ID). */
export interface ListenerPlace {
  port: number;
  instanceId: string;
  /** The listener itself, when it is already stored. */
  exceptId?: number;
}

/** The dimse_listeners table as the configuration API changes it. */
@Injectable()
export class DimseListenerConfigStore extends NamedConfigStore<DimseListenerEntity> {
  constructor(@InjectDataSource() db: DataSource) {
    super(db.getRepository(DimseListenerEntity));
  }

  /** The listener (other than `exceptId`) that has this port on this process, if any. */
  holderOfPort(place: ListenerPlace): Promise<DimseListenerEntity | null> {
    return this.rows.findOne({
      where: { port: place.port, instanceId: place.instanceId, ...(place.exceptId ? { id: Not(place.exceptId) } : {}) },
    });
  }

  /** Whether a listener (other than `exceptId`) has this AE title. */
  hasAeTitle(aeTitle: string, exceptId?: number): Promise<boolean> {
    return this.rows.exists({ where: exceptId === undefined ? { aeTitle } : { aeTitle, id: Not(exceptId) } });
  }
}

/** The dicomweb_sources table as the configuration API changes it. */
@Injectable()
export class DicomwebSourceConfigStore extends NamedConfigStore<DicomwebSourceEntity> {
  constructor(@InjectDataSource() db: DataSource) {
    super(db.getRepository(DicomwebSourceEntity));
  }
}

/** The dimse_qr_sources table as the configuration API changes it. */
@Injectable()
export class DimseQrSourceConfigStore extends NamedConfigStore<DimseQrSourceEntity> {
  constructor(@InjectDataSource() db: DataSource) {
    super(db.getRepository(DimseQrSourceEntity));
  }

  /** The Q/R sources that C-MOVE studies to this AE title. */
  movingTo(aeTitle: string): Promise<DimseQrSourceEntity[]> {
    return this.rows.find({ where: { moveDestinationAeTitle: aeTitle } });
  }
}
