import { Module } from '@nestjs/common';
import { DimseListenerStore } from './dimse-listener.store';
import { MoveSourceStore } from './move-source.store';

/** The listener rows and status reports, and the Q/R sources whose C-MOVE arrivals a listener attributes. */
@Module({ providers: [DimseListenerStore, MoveSourceStore], exports: [DimseListenerStore, MoveSourceStore] })
export class ListenerPersistenceModule {}
