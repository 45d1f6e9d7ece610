// Names for the generated API types (schema.d.ts comes from the API's OpenAPI document:
// `npm run gen:api-types`), so pages never declare a DTO by hand.
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type ApiPaths = paths;
export type ErrorBody = Schemas['ErrorBodyDto'];
export type RoleName = Schemas['RoleDto']['name'];
