import { ApiException, ErrorCode, FieldError } from '@axiom/contracts';

type RequestErrorCode =
  ErrorCode.NotFound | ErrorCode.NameConflict | ErrorCode.InUse | ErrorCode.ValidationFailed | ErrorCode.BadRequest;

/** The 400 / 404 / 409 / 422 an HTTP route answers for a request it cannot serve; details name the object or field. */
export class RequestException extends ApiException {
  constructor(code: RequestErrorCode, detail: string, errors: FieldError[] = []) {
    super(code, detail, errors);
  }

  static notFound(kind: string, id: number | string): RequestException {
    return new RequestException(ErrorCode.NotFound, `${kind} ${id} not found`);
  }

  static nameTaken(kind: string, name: string): RequestException {
    return new RequestException(ErrorCode.NameConflict, `a ${kind} named "${name}" already exists`, [
      { path: 'name', message: 'already in use' },
    ]);
  }

  static inUse(detail: string): RequestException {
    return new RequestException(ErrorCode.InUse, detail);
  }

  static invalid(errors: FieldError[]): RequestException {
    return new RequestException(
      ErrorCode.ValidationFailed,
      `validation failed: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      errors,
    );
  }
}
