import type { Schemas } from '../../api/types';
import type { FieldSpec, FormValues } from '../../components/form/fields';

type Name = keyof Schemas['CreateDimseQrSourceDto'];

export const qrSourceFields: FieldSpec<Name>[] = [
  {
    name: 'name',
    label: 'Name',
    kind: 'text',
    required: true,
    placeholder: 'old-pacs',
    description: 'rules name their sources by this',
  },
  { name: 'remote_host', label: 'Host', kind: 'text', required: true, placeholder: 'oldpacs.example.org' },
  { name: 'remote_port', label: 'Port', kind: 'number', required: true, min: 1, max: 65535 },
  { name: 'remote_ae_title', label: 'Called AE title', kind: 'text', required: true, placeholder: 'OLDPACS' },
  { name: 'local_ae_title', label: 'Calling AE title (ours)', kind: 'text' },
  {
    name: 'move_destination_ae_title',
    label: 'C-MOVE destination',
    kind: 'text',
    required: true,
    placeholder: 'AXIOM_SCP',
    description: 'the AE title of one of our listeners',
  },
  {
    name: 'query_level',
    label: 'Query level',
    kind: 'select',
    options: [
      { value: 'STUDY', label: 'Study' },
      { value: 'SERIES', label: 'Series' },
      { value: 'PATIENT', label: 'Patient' },
    ],
  },
  {
    name: 'query_filters',
    label: 'C-FIND keys (JSON)',
    kind: 'json',
    nullable: true,
    placeholder: '{ "StudyDate": "-1d", "ModalitiesInStudy": "CT" }',
    description: 'StudyDate also takes TODAY, YESTERDAY, -<N>d',
  },
  { name: 'polling_interval_seconds', label: 'Poll every (seconds)', kind: 'number', min: 1 },
  {
    name: 'max_concurrent_retrievals',
    label: 'Retrievals at once',
    kind: 'number',
    min: 1,
    description: 'politeness: retrievals in flight to this archive (1-32)',
  },
  { name: 'description', label: 'Description', kind: 'textarea', nullable: true },
  {
    name: 'is_active',
    label: 'Polling on',
    kind: 'switch',
    description: 'off: configured and enabled, but not polled automatically',
  },
  { name: 'is_enabled', label: 'Enabled', kind: 'switch' },
];

export const qrSourceDefaults: FormValues = {
  local_ae_title: 'AXIOM_QR_SCU',
  query_level: 'STUDY',
  polling_interval_seconds: '300',
  max_concurrent_retrievals: '2',
  is_active: true,
  is_enabled: true,
};
