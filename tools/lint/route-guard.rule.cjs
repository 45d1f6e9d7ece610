// ESLint plugin `axiom` with one rule, `route-guarded`: every route handler of a Nest controller
// carries @Roles(...) or @Public() (on the method or on its controller class). The global guard
// treats an undecorated route as Admin-only, so a miss is not a hole, but it is a mistake.
'use strict';

const ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Head', 'Options', 'Search']);
const GUARD_DECORATORS = new Set(['Roles', 'Public']);

function decoratorName(decorator) {
  const e = decorator.expression;
  const callee = e.type === 'CallExpression' ? e.callee : e;
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && callee.property.type === 'Identifier') return callee.property.name;
  return null;
}

const routeGuarded = {
  meta: {
    type: 'problem',
    docs: { description: 'every route of a controller needs @Roles(...) or @Public()' },
    messages: {
      unguarded: "route handler '{{name}}' needs @Roles(...) or @Public() (on the method or its controller)",
    },
    schema: [],
  },
  create(context) {
    return {
      ClassDeclaration(node) {
        const classDecorators = (node.decorators || []).map(decoratorName);
        if (!classDecorators.includes('Controller')) return;
        if (classDecorators.some((n) => GUARD_DECORATORS.has(n))) return;
        for (const member of node.body.body) {
          if (member.type !== 'MethodDefinition') continue;
          const names = (member.decorators || []).map(decoratorName);
          if (!names.some((n) => ROUTE_DECORATORS.has(n))) continue;
          if (names.some((n) => GUARD_DECORATORS.has(n))) continue;
          const name = member.key.type === 'Identifier' ? member.key.name : '(computed)';
          context.report({ node: member.key, messageId: 'unguarded', data: { name } });
        }
      },
    };
  },
};

module.exports = { meta: { name: 'axiom' }, rules: { 'route-guarded': routeGuarded } };
