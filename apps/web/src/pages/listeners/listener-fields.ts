import type { Schemas } from '../../api/types';
import type { FieldSpec, FormValues } from '../../components/form/fields';

type Name = keyof Schemas['CreateDimseListenerDto'];

export const listenerFields: FieldSpec<Name>[] = [
  {
    name: 'name',
    label: 'Name',
    kind: 'text',
    required: true,
    placeholder: 'ct-listener',
    description: 'rules name their sources by this',
  },
  {
    name: 'ae_title',
    label: 'AE title',
    kind: 'text',
    required: true,
    placeholder: 'AXIOM_SCP',
    description: 'the called AE title senders use',
  },
  { name: 'port', label: 'Port', kind: 'number', required: true, min: 1, max: 65535 },
  {
    name: 'instance_id',
    label: 'Listener process',
    kind: 'text',
    required: true,
    description: 'AXIOM_INSTANCE_ID of the process that listens (default in the embedded mode)',
  },
  { name: 'description', label: 'Description', kind: 'textarea', nullable: true },
  {
    name: 'tls_enabled',
    label: 'DICOM TLS',
    kind: 'switch',
    description:
      'the listener process needs DIMSE_TLS_CERT and DIMSE_TLS_KEY; without them it reports an error rather than listen in clear',
  },
  { name: 'is_enabled', label: 'Enabled', kind: 'switch' },
];

export const listenerDefaults: FormValues = {
  instance_id: 'default',
  port: '11112',
  is_enabled: true,
  tls_enabled: false,
};
