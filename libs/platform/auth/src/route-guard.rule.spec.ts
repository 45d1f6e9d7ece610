import { RuleTester, type Rule } from 'eslint';
import { parser } from 'typescript-eslint';

// the rule lives with the lint configuration (tools/lint), which is plain CommonJS
// eslint-disable-next-line @nx/enforce-module-boundaries -- the rule under test is not a library
const plugin = require('../../../../tools/lint/route-guard.rule.cjs') as { rules: Record<string, Rule.RuleModule> };
const rule = plugin.rules['route-guarded'] as Rule.RuleModule;

const tester = new RuleTester({ languageOptions: { parser } });

tester.run('axiom/route-guarded', rule, {
  valid: [
    { code: "@Controller('a') class A { @Get() @Roles(RoleName.User) list() {} }" },
    { code: "@Controller('a') class A { @Post('google') @Public() google() {} }" },
    { code: "@Controller('a') @Roles(RoleName.Admin) class A { @Delete(':id') remove() {} }" },
    { code: "@Controller('a') class A { helper() {} }" },
    { code: 'class NotAController { @Get() list() {} }' },
    { code: "@Controller('a') class A { @common.Get() @auth.Roles() list() {} }" },
  ],
  invalid: [
    {
      code: "@Controller('a') class A { @Get() list() {} }",
      errors: [{ messageId: 'unguarded', data: { name: 'list' } }],
    },
    {
      code: "@Controller() class A { @Get() @Roles() ok() {} @Patch(':id') @HttpCode(200) update() {} }",
      errors: [{ messageId: 'unguarded', data: { name: 'update' } }],
    },
    { code: "@Controller('a') class A { @common.Post() create() {} }", errors: [{ messageId: 'unguarded' }] },
  ],
});
