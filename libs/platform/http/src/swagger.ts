import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

export const DOCS_PATH = 'api/v1/docs';
export const OPENAPI_PATH = 'api/v1/openapi.json';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Axiom Flow API')
    .setDescription(
      [
        'Configuration, rules, status and ledger of the Axiom Flow DICOM router. JSON fields are snake_case.',
        'Authenticate with `Authorization: Api-Key <prefix>_<secret>` (or `X-API-Key`) or `Authorization: Bearer <access token>` from `POST /api/v1/auth/google`.',
        'Errors: `{"detail", "code", "errors": [{"path", "message"}]}`; validation failures are 422 and name the field.',
      ].join('\n\n'),
    )
    .setVersion('1')
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'an API key `prefix_secret`' },
      'api-key',
    )
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'an access token from /api/v1/auth/google' },
      'bearer',
    )
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Swagger UI at /api/v1/docs and the OpenAPI document at /api/v1/openapi.json. */
export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_PATH,
    yamlDocumentUrl: 'api/v1/openapi.yaml',
  });
}
