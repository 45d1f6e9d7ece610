import { useMutation } from '@tanstack/react-query';
import { useApi } from '../../auth/AuthProvider';
import { unwrap } from '../../api/errors';
import type { Schemas } from '../../api/types';

export type FileDryRun = Schemas['ProcessFileResponseDto'];
export type JsonDryRun = Schemas['ProcessJsonResponseDto'];
/** The multipart fields as the OpenAPI document describes them (the file as a binary string). */
type ProcessFileFields = {
  file: string;
  ruleset_id?: number;
  source_identifier?: string;
  calling_ae_title?: string;
  called_ae_title?: string;
  source_ip?: string;
};

export interface FileRequest {
  file: File;
  rulesetId: number | null;
  origin: { source_identifier?: string; calling_ae_title?: string; called_ae_title?: string; source_ip?: string };
}

/** POST /rules-engine/process-file and /process-json: dry runs, nothing stored or sent. */
export function useDryRun() {
  const api = useApi();
  return {
    file: useMutation({
      mutationFn: ({ file, rulesetId, origin }: FileRequest) => {
        const form = new FormData();
        form.append('file', file);
        if (rulesetId !== null) form.append('ruleset_id', String(rulesetId));
        for (const [name, value] of Object.entries(origin)) if (value) form.append(name, value);
        // multipart: the browser sets the boundary; the generated type describes the fields, not FormData
        return unwrap(api.POST('/api/v1/rules-engine/process-file', { body: form as unknown as ProcessFileFields }));
      },
    }),
    json: useMutation({
      mutationFn: ({
        dicomJson,
        rulesetId,
        source,
      }: {
        dicomJson: Record<string, unknown>;
        rulesetId: number | null;
        source: string;
      }) =>
        unwrap(
          api.POST('/api/v1/rules-engine/process-json', {
            body: {
              dicom_json: dicomJson as Schemas['ProcessJsonDto']['dicom_json'],
              ...(rulesetId === null ? {} : { ruleset_id: rulesetId }),
              ...(source ? { source_identifier: source } : {}),
            },
          }),
        ),
    }),
  };
}
