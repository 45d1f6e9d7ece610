export * from './config-admin.module';
export * from './access/bootstrap/admin-bootstrap.service';
export * from './status/status-sources';
export * from './dry-run/dry-run.module';
export * from './dry-run/ruleset-loader';
