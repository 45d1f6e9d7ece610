import { ValidationError } from '@nestjs/common';
import { ErrorCode, type FieldError } from '@axiom/contracts';
import { RequestException } from './request.exception';

/** Flattens class-validator errors into `{path, message}` with JSON paths (`a.b[0].c`). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const path = /^\d+$/.test(e.property)
      ? `${parent}[${e.property}]`
      : parent
        ? `${parent}.${e.property}`
        : e.property;
    for (const message of Object.values(e.constraints ?? {})) {
      out.push({ path, message: message.startsWith('property ') ? message.replace(/^property \S+ /, '') : message });
    }
    if (e.children && e.children.length > 0) out.push(...flattenValidationErrors(e.children, path));
  }
  return out;
}

export function validationException(errors: ValidationError[]): RequestException {
  const fields = flattenValidationErrors(errors);
  return fields.length > 0
    ? RequestException.invalid(fields)
    : new RequestException(ErrorCode.ValidationFailed, 'the request body is invalid');
}
