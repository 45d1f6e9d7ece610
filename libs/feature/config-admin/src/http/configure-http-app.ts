import { INestApplication, ValidationPipe } from '@nestjs/common';
import { ApiExceptionFilter } from './api-exception.filter';
import { correlationIdMiddleware } from './correlation-id';
import { setupSwagger } from './swagger';
import { validationException } from './validation-errors';

export const API_PREFIX = 'api/v1';

/** What every HTTP app of Axiom Flow sets up: prefix, strict validation, one error shape, Swagger. */
export async function configureHttpApp(app: INestApplication): Promise<void> {
  app.setGlobalPrefix(API_PREFIX);
  app.use(correlationIdMiddleware);
  app.useGlobalPipes(new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: validationException,
  }));
  app.useGlobalFilters(new ApiExceptionFilter());
  setupSwagger(app);
}
