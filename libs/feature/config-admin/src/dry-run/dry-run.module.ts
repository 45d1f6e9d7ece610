import { DynamicModule, Module, Type } from '@nestjs/common';
import { ConfigPersistenceModule } from '@axiom/persistence';
import { KnownSources } from '../common/known-sources';
import { DryRunController } from './dry-run.controller';
import { DryRunService } from './dry-run.service';
import { dryRunMorphOptionsProvider } from './morph-options.provider';
import { RULESET_LOADER, RulesetLoader } from './ruleset-loader';
import { DryRunUploadSweeper } from './temp-file-storage';

/**
 * The rule tester routes (process-json, process-file). The app supplies the ruleset loader
 * (the routing feature's), so this feature does not import another feature.
 */
@Module({})
export class DryRunModule {
  static forRoot(loader: {
    imports: NonNullable<DynamicModule['imports']>;
    useExisting: Type<RulesetLoader>;
  }): DynamicModule {
    return {
      module: DryRunModule,
      imports: [...loader.imports, ConfigPersistenceModule],
      controllers: [DryRunController],
      providers: [
        DryRunService,
        KnownSources,
        DryRunUploadSweeper,
        { provide: RULESET_LOADER, useExisting: loader.useExisting },
        dryRunMorphOptionsProvider,
      ],
    };
  }
}
