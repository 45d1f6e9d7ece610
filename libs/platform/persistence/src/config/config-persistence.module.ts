import { Module } from '@nestjs/common';
import { DestinationConfigStore } from './destinations.store';
import { RuleConfigStore, RulesetConfigStore } from './rules.store';
import { DicomwebSourceConfigStore, DimseListenerConfigStore, DimseQrSourceConfigStore } from './sources.store';

const STORES = [
  DimseListenerConfigStore,
  DicomwebSourceConfigStore,
  DimseQrSourceConfigStore,
  DestinationConfigStore,
  RulesetConfigStore,
  RuleConfigStore,
];

/** The stores of the configuration API: listeners, sources, destinations (storage backends), rulesets and rules. */
@Module({ providers: STORES, exports: STORES })
export class ConfigPersistenceModule {}
