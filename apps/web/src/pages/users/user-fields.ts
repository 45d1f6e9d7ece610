import type { Schemas } from '../../api/types';
import type { FieldSpec, FormValues } from '../../components/form/fields';

type Name = keyof Schemas['CreateUserDto'];

export const userFields: FieldSpec<Name>[] = [
  {
    name: 'email',
    label: 'Email',
    kind: 'text',
    required: true,
    placeholder: 'ana@example.org',
    description: 'the Google account they sign in with',
  },
  { name: 'full_name', label: 'Full name', kind: 'text', nullable: true },
  {
    name: 'is_active',
    label: 'Active',
    kind: 'switch',
    description: 'an inactive user cannot sign in, and their API keys stop working',
  },
];

export const userDefaults: FormValues = { is_active: true };
