import { Module } from '@nestjs/common';
import { AccessModule } from './access/access.module';
import { AuditModule } from './audit/audit.module';
import { LedgerModule } from './ledger/ledger.module';
import { RulesModule } from './rules/rules.module';
import { SourcesModule } from './sources/sources.module';
import { StatusModule } from './status/status.module';
import { DestinationConfigModule } from './storage-backends/destination-config.module';

/**
 * The configuration and status API: one module per area (sources, destinations, rules, access,
 * audit, ledger, status). The dry runs are DryRunModule.forRoot, which the apps import next to
 * this one with their ruleset loader. Needs APP_CONFIG and the TypeORM root connection (the
 * runtime module) and AuthModule (global guard, SecretBox, tokens). Exports AccessModule
 * (AdminBootstrapService) for the apps' first start and `create-admin`.
 */
@Module({
  imports: [SourcesModule, DestinationConfigModule, RulesModule, AccessModule, AuditModule, LedgerModule, StatusModule],
  exports: [AccessModule],
})
export class ConfigAdminModule {}
