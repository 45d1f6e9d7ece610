import { AuthType, DestinationType } from '@axiom/domain';
import { StowAuth, configOf } from './destination-config';
import { DestinationAdapter, Destination, OutgoingInstance, ProbeResult } from './destination';
import { HttpAnswer, answerExcerpt } from './http/http-client';
import { Delivered, StowClient, StowEndpoint } from './stow/stow-client';

export function authHeaders(auth: StowAuth): Record<string, string> {
  switch (auth.type) {
    case AuthType.None:
      return {};
    case AuthType.Basic:
      return { Authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}` };
    case AuthType.Bearer:
      return { Authorization: `Bearer ${auth.token}` };
    case AuthType.ApiKey:
      return { [auth.header_name]: auth.key };
  }
}

/** `<base>/studies`, whether or not the base URL ends with a slash. */
export function studiesUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/studies`;
}

/** The URL without user info, query or fragment: what messages may show. */
export function urlLabel(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

/**
 * A QIDO-RS search for one study at the endpoint: reachable, takes our credentials, speaks
 * DICOMweb. Names the failing step (connect, auth, qido).
 */
export async function probeDicomweb(client: StowClient, endpoint: StowEndpoint): Promise<ProbeResult> {
  let answer: HttpAnswer;
  try {
    answer = await client.get(endpoint, `${endpoint.studiesUrl}?limit=1`, 'application/dicom+json');
  } catch (err) {
    return { ok: false, step: 'connect', message: `${endpoint.label}: ${(err as Error).message}` };
  }
  if (answer.status === 401 || answer.status === 403) {
    return {
      ok: false,
      step: 'auth',
      message: `${endpoint.label} refused our credentials (HTTP ${answer.status}): ${answerExcerpt(answer)}`,
    };
  }
  if (answer.status !== 200 && answer.status !== 204) {
    return {
      ok: false,
      step: 'qido',
      message: `QIDO-RS at ${endpoint.label} answered HTTP ${answer.status}: ${answerExcerpt(answer)}`,
    };
  }
  return { ok: true, step: 'qido', message: `${endpoint.label} answered QIDO-RS (HTTP ${answer.status})` };
}

/** STOW-RS to a DICOMweb origin server, with `none`, `basic`, `bearer` or `apikey` authentication. */
export class StowRsAdapter implements DestinationAdapter {
  readonly type = DestinationType.StowRs;

  constructor(private readonly client: StowClient) {}

  send(instance: OutgoingInstance, target: Destination): Promise<Delivered> {
    return this.client.send(target.id, this.endpoint(target), instance);
  }

  async probe(target: Destination): Promise<ProbeResult> {
    let endpoint: StowEndpoint;
    try {
      endpoint = this.endpoint(target);
    } catch (err) {
      return { ok: false, step: 'config', message: (err as Error).message };
    }
    return probeDicomweb(this.client, endpoint);
  }

  private endpoint(target: Destination): StowEndpoint {
    const config = configOf(target, DestinationType.StowRs);
    const headers = authHeaders(config.auth);
    const url = studiesUrl(config.base_url);
    return { label: urlLabel(url), studiesUrl: url, authHeaders: async () => headers };
  }
}
