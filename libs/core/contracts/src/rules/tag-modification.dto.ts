import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { ModifyAction } from '@axiom/domain';

// The shapes of a rule's tag_modifications, one class per action, for the OpenAPI document (and
// so the console's types). The rule engine validates them (validateRuleInput), naming the field.

const TAG = {
  description: 'keyword, tag or private tag (`(0009,"CREATOR",10)`) to change',
  example: 'InstitutionName',
};
const MAX_DAYS = {
  description: 'shift dates 1..max_days days into the past (an offset fixed per patient)',
  minimum: 1,
  maximum: 36500,
  default: 365,
};

const action = (a: ModifyAction, more: ModifyAction[] = []) => ({ enum: [a, ...more], example: a });

/** Sets an element (created with the dictionary VR, or `vr`, when missing). */
export class SetModificationDto {
  @ApiProperty(action(ModifyAction.Set)) action: ModifyAction.Set;
  @ApiProperty(TAG) tag: string;
  @ApiProperty({
    description: 'a string, a number or a list of them ("" for an empty element)',
    nullable: true,
    oneOf: [
      { type: 'string' },
      { type: 'number' },
      { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'number' }] } },
    ],
    example: 'Axiom Hospital',
  })
  value: unknown;
  @ApiPropertyOptional({ description: 'VR of a created element, e.g. LO for a private tag', example: 'LO' })
  vr?: string;
}

/** Removes an element. */
export class DeleteModificationDto {
  @ApiProperty(action(ModifyAction.Delete)) action: ModifyAction.Delete;
  @ApiProperty({ ...TAG, example: 'PatientComments' }) tag: string;
}

/** Puts text before (prepend) or after (suffix) the whole value; a missing element stays missing. */
export class AffixModificationDto {
  @ApiProperty(action(ModifyAction.Prepend, [ModifyAction.Suffix])) action: ModifyAction.Prepend | ModifyAction.Suffix;
  @ApiProperty({ ...TAG, example: 'PatientID' }) tag: string;
  @ApiProperty({ example: 'EXT-' }) value: string;
}

/** Replaces what a regular expression matches; groups as `\1` or `$1`. */
export class RegexReplaceModificationDto {
  @ApiProperty(action(ModifyAction.RegexReplace)) action: ModifyAction.RegexReplace;
  @ApiProperty({ ...TAG, example: 'PatientName' }) tag: string;
  @ApiProperty({ example: '^(\\w+)\\^(\\w+)$' }) pattern: string;
  @ApiProperty({ example: '\\2 $1' }) replacement: string;
}

/** Copies (or moves) one element's value to another. */
export class CopyModificationDto {
  @ApiProperty(action(ModifyAction.Copy, [ModifyAction.Move])) action: ModifyAction.Copy | ModifyAction.Move;
  @ApiProperty({ example: 'PatientID' }) source_tag: string;
  @ApiProperty({ example: 'OtherPatientIDs' }) destination_tag: string;
  @ApiPropertyOptional({ description: 'VR of a created destination element', example: 'LO' }) destination_vr?: string;
}

/** Replaces a UID (UI) by 2.25.<keyed HMAC of it>, the same on every instance and worker. */
export class HashUidModificationDto {
  @ApiProperty(action(ModifyAction.HashUid)) action: ModifyAction.HashUid;
  @ApiProperty({ ...TAG, example: 'StudyInstanceUID' }) tag: string;
}

/** Moves a date (DA) or date-time (DT) into the past by a per-patient offset. */
export class ShiftDateModificationDto {
  @ApiProperty(action(ModifyAction.ShiftDate)) action: ModifyAction.ShiftDate;
  @ApiProperty({ ...TAG, example: 'StudyDate' }) tag: string;
  @ApiPropertyOptional(MAX_DAYS) max_days?: number;
}

/** PS3.15 Basic Application Level Confidentiality Profile, with two of its options. */
export class DeidentifyModificationDto {
  @ApiProperty(action(ModifyAction.Deidentify)) action: ModifyAction.Deidentify;
  @ApiPropertyOptional({ description: 'Retain UIDs Option', default: false }) retain_uids?: boolean;
  @ApiPropertyOptional({
    description: 'Retain Longitudinal Temporal Information with Modified Dates Option',
    default: false,
  })
  retain_longitudinal_modified_dates?: boolean;
  @ApiPropertyOptional(MAX_DAYS) max_days?: number;
}

/** The modification classes the OpenAPI document names (for `@ApiExtraModels`). */
export const MODIFICATION_MODELS = [
  SetModificationDto,
  DeleteModificationDto,
  AffixModificationDto,
  RegexReplaceModificationDto,
  CopyModificationDto,
  HashUidModificationDto,
  ShiftDateModificationDto,
  DeidentifyModificationDto,
];

const MODEL_OF_ACTION: Record<ModifyAction, (typeof MODIFICATION_MODELS)[number]> = {
  [ModifyAction.Set]: SetModificationDto,
  [ModifyAction.Delete]: DeleteModificationDto,
  [ModifyAction.Prepend]: AffixModificationDto,
  [ModifyAction.Suffix]: AffixModificationDto,
  [ModifyAction.RegexReplace]: RegexReplaceModificationDto,
  [ModifyAction.Copy]: CopyModificationDto,
  [ModifyAction.Move]: CopyModificationDto,
  [ModifyAction.HashUid]: HashUidModificationDto,
  [ModifyAction.ShiftDate]: ShiftDateModificationDto,
  [ModifyAction.Deidentify]: DeidentifyModificationDto,
};

/** A modification of tag_modifications: one of the classes above, told apart by `action`. */
export const TAG_MODIFICATION_SCHEMA = {
  oneOf: MODIFICATION_MODELS.map((model) => ({ $ref: getSchemaPath(model) })),
  discriminator: {
    propertyName: 'action',
    mapping: Object.fromEntries(Object.entries(MODEL_OF_ACTION).map(([a, model]) => [a, getSchemaPath(model)])),
  },
};
