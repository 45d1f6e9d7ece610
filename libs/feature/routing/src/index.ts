export { RoutingModule, RulesetLoaderModule } from './routing.module';
export { RulesetLoaderService } from './ruleset-loader.service';
