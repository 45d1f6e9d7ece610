import { ApiException, ErrorCode, FieldError } from '@axiom/contracts';

type ConfigAdminErrorCode =
  ErrorCode.NotFound | ErrorCode.NameConflict | ErrorCode.InUse | ErrorCode.ValidationFailed | ErrorCode.BadRequest;

/** 404 / 409 / 422 of the configuration API; details name the object or field. */
export class ConfigAdminException extends ApiException {
  constructor(code: ConfigAdminErrorCode, detail: string, errors: FieldError[] = []) {
    super(code, detail, errors);
  }

  static notFound(kind: string, id: number | string): ConfigAdminException {
    return new ConfigAdminException(ErrorCode.NotFound, `${kind} ${id} not found`);
  }

  static nameTaken(kind: string, name: string): ConfigAdminException {
    return new ConfigAdminException(ErrorCode.NameConflict, `a ${kind} named "${name}" already exists`, [
      { path: 'name', message: 'already in use' },
    ]);
  }

  static inUse(detail: string): ConfigAdminException {
    return new ConfigAdminException(ErrorCode.InUse, detail);
  }

  static invalid(errors: FieldError[]): ConfigAdminException {
    return new ConfigAdminException(
      ErrorCode.ValidationFailed,
      `validation failed: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      errors,
    );
  }
}
