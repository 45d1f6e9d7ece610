import { DynamicModule, Module, Type } from '@nestjs/common';
import { DryRunController } from './dry-run.controller';
import { DryRunService } from './dry-run.service';
import { RULESET_LOADER, RulesetLoader } from './ruleset-loader';

/**
 * The rule tester routes (process-json, process-file). The app supplies the ruleset loader
 * (the routing feature's), so this feature does not import another feature.
 */
@Module({})
export class DryRunModule {
  static forRoot(loader: { imports: NonNullable<DynamicModule['imports']>; useExisting: Type<RulesetLoader> }): DynamicModule {
    return {
      module: DryRunModule,
      imports: loader.imports,
      controllers: [DryRunController],
      providers: [DryRunService, { provide: RULESET_LOADER, useExisting: loader.useExisting }],
    };
  }
}
