import { INestApplication, ValidationPipe } from '@nestjs/common';
import { ApiExceptionFilter } from './api-exception.filter';
import { correlationIdMiddleware } from './correlation-id';
import { JsonDepthPipe } from './json-depth.pipe';
import { serveConsole } from './serve-console';
import { setupSwagger } from './swagger';
import { validationException } from './validation-errors';

export const API_PREFIX = 'api/v1';

/** What every HTTP app of Axiom Flow sets up: prefix, strict validation, one error shape, Swagger. */
export async function configureHttpApp(app: INestApplication): Promise<void> {
  app.setGlobalPrefix(API_PREFIX);
  // no `X-Powered-By: Express`: it tells a scanner which exploits to try
  const server = app.getHttpAdapter().getInstance() as { disable?: (setting: string) => void };
  server.disable?.('x-powered-by');
  app.use(correlationIdMiddleware);
  app.useGlobalPipes(
    new JsonDepthPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: validationException,
    }),
  );
  app.useGlobalFilters(new ApiExceptionFilter());
  setupSwagger(app);
  serveConsole(app);
}
