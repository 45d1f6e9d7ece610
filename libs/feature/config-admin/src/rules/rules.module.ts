import { Module } from '@nestjs/common';
import { ConfigPersistenceModule } from '@axiom/persistence';
import { AuditModule } from '../audit/audit.module';
import { KnownSources } from '../common/known-sources';
import { DestinationConfigModule } from '../storage-backends/destination-config.module';
import { DictionaryController } from './dictionary.controller';
import { DictionaryService } from './dictionary.service';
import { RulesController } from './rules.controller';
import { RulesService } from './rules.service';
import { RulesetsController } from './rulesets.controller';
import { RulesetsService } from './rulesets.service';

/** What is sent where: rulesets, their rules, and the keyword autocomplete of the rule editor. */
@Module({
  imports: [ConfigPersistenceModule, AuditModule, DestinationConfigModule],
  controllers: [RulesetsController, RulesController, DictionaryController],
  providers: [RulesetsService, RulesService, DictionaryService, KnownSources],
})
export class RulesModule {}
