import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import {
  AssociationParameter,
  MatchOperator,
  type AssociationCriterion,
  type MatchCriterion,
  type TagCriterion,
} from '@axiom/domain';

// The shapes of a rule's criteria, for the OpenAPI document (and so the console's types). The
// rule engine validates them (validateRuleInput): its messages name the field, down to
// `match_criteria[0].any[1].value`, which class-validator here could not do as precisely.

const CRITERION_VALUE = {
  description: 'a string or number; a list of them for in / not_in (and ip_in_subnet); absent for exists / not_exists',
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'number' }] } },
  ],
};

/** A criterion of match_criteria: a test on an element, or all / any / not over criteria. */
export const MATCH_CRITERION_SCHEMA = {
  oneOf: ['TagCriterionDto', 'AllCriteriaDto', 'AnyCriteriaDto', 'NotCriterionDto'].map((name) => ({
    $ref: getSchemaPath(name),
  })),
};

/** One test on a DICOM element. */
export class TagCriterionDto implements TagCriterion {
  @ApiProperty({
    description:
      'keyword (`PatientID`), tag (`0010,0020`, `(0010,0020)`, `00100020`), private tag (`(0009,"CREATOR",01)`) or path into sequences (`Seq[*].Keyword`)',
    example: 'Modality',
  })
  tag: string;

  @ApiProperty({ enum: MatchOperator, enumName: 'MatchOperator', example: MatchOperator.Eq })
  op: MatchOperator;

  @ApiPropertyOptional({ ...CRITERION_VALUE, example: 'CT' })
  value?: unknown;

  @ApiPropertyOptional({ default: false })
  case_insensitive?: boolean;
}

/** Holds when every criterion holds. */
export class AllCriteriaDto {
  @ApiProperty({ type: 'array', items: MATCH_CRITERION_SCHEMA, example: [{ tag: 'Modality', op: 'eq', value: 'CT' }] })
  all: MatchCriterion[];
}

/** Holds when at least one criterion holds. */
export class AnyCriteriaDto {
  @ApiProperty({
    type: 'array',
    items: MATCH_CRITERION_SCHEMA,
    example: [
      { tag: 'Modality', op: 'eq', value: 'CT' },
      { tag: 'Modality', op: 'eq', value: 'MR' },
    ],
  })
  any: MatchCriterion[];
}

/** Holds when the criterion does not. */
export class NotCriterionDto {
  @ApiProperty({ ...MATCH_CRITERION_SCHEMA, example: { tag: 'PatientID', op: 'exists' } })
  not: MatchCriterion;
}

/** One test on the association the instance came in on. */
export class AssociationCriterionDto implements AssociationCriterion {
  @ApiProperty({
    enum: AssociationParameter,
    enumName: 'AssociationParameter',
    example: AssociationParameter.CallingAeTitle,
  })
  parameter: AssociationParameter;

  @ApiProperty({ enum: MatchOperator, enumName: 'MatchOperator', example: MatchOperator.Eq })
  op: MatchOperator;

  @ApiPropertyOptional({ ...CRITERION_VALUE, example: 'MODALITY1' })
  value?: unknown;

  @ApiPropertyOptional({ default: false })
  case_insensitive?: boolean;
}

/** The criterion classes the OpenAPI document names (for `@ApiExtraModels`). */
export const CRITERION_MODELS = [
  TagCriterionDto,
  AllCriteriaDto,
  AnyCriteriaDto,
  NotCriterionDto,
  AssociationCriterionDto,
];
