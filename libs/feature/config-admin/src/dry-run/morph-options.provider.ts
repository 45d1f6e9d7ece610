import type { Provider } from '@nestjs/common';
import { loadMorphSecret } from '@axiom/auth';
import { APP_CONFIG, type AppConfig } from '@axiom/platform-config';
import type { MorphOptions } from '@axiom/rule-engine';
import { DRY_RUN_MORPH_OPTIONS } from './ruleset-loader';

/** The worker's morph key (see loadMorphSecret), so a dry run of hash_uid shows what will be delivered. */
export const dryRunMorphOptionsProvider: Provider = {
  provide: DRY_RUN_MORPH_OPTIONS,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): MorphOptions => {
    const secret = loadMorphSecret(config);
    return secret === undefined ? {} : { uidSecret: secret, dateShiftSecret: secret };
  },
};
