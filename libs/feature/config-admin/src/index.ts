export * from './config-admin.module';
export * from './bootstrap/admin-bootstrap.service';
export * from './http/configure-http-app';
export * from './http/api-exception.filter';
export * from './http/swagger';
export * from './status/status-sources';
export * from './dry-run/dry-run.module';
export * from './dry-run/ruleset-loader';
