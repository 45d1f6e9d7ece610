import { Param, ParseIntPipe } from '@nestjs/common';
import { ErrorCode } from '@axiom/contracts';
import { ConfigAdminException } from './config-admin.exception';

/** An integer path parameter; anything else is a 422 naming the parameter. */
export function IdParam(name = 'id'): ParameterDecorator {
  return Param(
    name,
    new ParseIntPipe({
      exceptionFactory: () =>
        new ConfigAdminException(ErrorCode.ValidationFailed, `${name} must be an integer`, [
          { path: name, message: 'must be an integer' },
        ]),
    }),
  );
}
