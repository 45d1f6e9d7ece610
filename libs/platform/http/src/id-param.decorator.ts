import { Param, ParseIntPipe } from '@nestjs/common';
import { ErrorCode } from '@axiom/contracts';
import { RequestException } from './request.exception';

/** An integer path parameter; anything else is a 422 naming the parameter. */
export function IdParam(name = 'id'): ParameterDecorator {
  return Param(
    name,
    new ParseIntPipe({
      exceptionFactory: () =>
        new RequestException(ErrorCode.ValidationFailed, `${name} must be an integer`, [
          { path: name, message: 'must be an integer' },
        ]),
    }),
  );
}
