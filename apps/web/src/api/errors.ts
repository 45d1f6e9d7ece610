import type { ErrorBody } from './types';

/** A failed API call: the HTTP status and the API's one error shape `{detail, code, errors}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(body?.detail ?? `request failed with HTTP ${status}`);
    this.name = 'ApiError';
  }

  /**
   * The 422 messages placed at the inputs they name: an exact path (`auth_config.password`), else its
   * top-level field (`transfer_syntax_policy[1]` -> `transfer_syntax_policy`), else the first input
   * under that field (`auth_config` -> `auth_config.username`). Messages for fields the form does
   * not show are in `other`, so none is lost.
   */
  fieldMessages(shown: readonly string[]): { byField: Record<string, string>; other: string[] } {
    const byField: Record<string, string> = {};
    const other: string[] = [];
    for (const e of this.body?.errors ?? []) {
      const top = e.path.split(/[.[]/)[0] ?? '';
      const field = shown.includes(e.path)
        ? e.path
        : shown.includes(top)
          ? top
          : shown.find((name) => name.startsWith(`${top}.`));
      if (field) byField[field] = byField[field] ? `${byField[field]}; ${e.message}` : e.message;
      else other.push(e.path ? `${e.path}: ${e.message}` : e.message);
    }
    return { byField, other };
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as { detail?: unknown }).detail === 'string';
}

/** What openapi-fetch resolves to, reduced to the parts we read. */
interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful call, or an ApiError: what TanStack Query's query and mutation functions want. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, isErrorBody(error) ? error : null);
  return data as T;
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.status === 0 ? 'the server cannot be reached' : err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
