/** Who a request is made as: an API key in either header, our bearer token, or nobody. */
export type Caller = { apiKey: string; header?: 'authorization' | 'x-api-key' } | { bearer: string } | null;

/** A JSON object as the API returns it: an integer id and snake_case fields. */
export interface Entity {
  id: number;
  [field: string]: unknown;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  text: string;
}

function headersOf(caller: Caller): Record<string, string> {
  if (caller === null) return {};
  if ('bearer' in caller) return { Authorization: `Bearer ${caller.bearer}` };
  return caller.header === 'x-api-key' ? { 'X-API-Key': caller.apiKey } : { Authorization: `Api-Key ${caller.apiKey}` };
}

/**
 * A small HTTP client for a running Axiom Flow API that keeps the text of every response it
 * received, so that a test can check afterwards that no secret ever came back.
 */
export class ApiClient {
  readonly transcript: string[] = [];

  constructor(readonly base: string) {}

  async call<T = Entity>(method: string, path: string, as: Caller, body?: unknown): Promise<ApiResponse<T>> {
    return this.send<T>(method, path, as, body === undefined ? undefined : JSON.stringify(body));
  }

  /** Sends a body as given (e.g. malformed JSON), as application/json. */
  async send<T = Entity>(method: string, path: string, as: Caller, text: string | undefined): Promise<ApiResponse<T>> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { ...headersOf(as), ...(text === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: text,
    });
    const answer = await res.text();
    this.transcript.push(answer);
    let parsed: unknown = null;
    try {
      parsed = answer === '' ? null : JSON.parse(answer);
    } catch {
      parsed = answer;
    }
    return { status: res.status, body: parsed as T, text: answer };
  }

  /** Like `call`, but throws unless the status is the expected one (the message carries the body). */
  async expect<T = Entity>(status: number, method: string, path: string, as: Caller, body?: unknown): Promise<T> {
    const res = await this.call<T>(method, path, as, body);
    if (res.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${res.status} ${res.text}`);
    return res.body;
  }
}

/** The field paths a 422 names (`errors[].path`), or the status when it is not a 422. */
export function validationPaths(res: ApiResponse<unknown>): string[] | number {
  if (res.status !== 422) return res.status;
  const errors = (res.body as { errors?: { path: string }[] } | null)?.errors ?? [];
  return errors.map((e) => e.path);
}
