import { Body, Controller, HttpCode, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Roles } from '@axiom/auth';
import {
  ErrorBodyDto,
  ProcessFileDto,
  ProcessFileResponseDto,
  ProcessJsonDto,
  ProcessJsonResponseDto,
} from '@axiom/contracts';
import { RoleName } from '@axiom/domain';
import { DryRunService, type UploadedDicom } from './dry-run.service';
import { TempFileStorage } from './temp-file-storage';
import { DryRunUploadGate, MAX_CONCURRENT_FILE_DRY_RUNS } from './upload-gate.interceptor';

/** Largest upload a dry run accepts (streamed to a temp file): a header is all it needs, but whole files are sent. */
const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
const WARNINGS = 'Rules whose applicable_sources name no known source are listed in `warnings`.';

@ApiTags('rules')
@Controller('rules-engine')
export class DryRunController {
  constructor(private readonly service: DryRunService) {}

  @Post('process-json')
  @HttpCode(200)
  @Roles(RoleName.User)
  @ApiOperation({
    summary: 'Dry run on a DICOM JSON object',
    description: `Matches the active rulesets (or the one given by ruleset_id, active or not) and applies the matched rules' modifications to a DICOM JSON object (PS3.18 F.2). Nothing is stored or sent. A malformed attribute is a 422 naming it. ${WARNINGS}`,
  })
  @ApiOkResponse({ type: ProcessJsonResponseDto })
  @ApiUnprocessableEntityResponse({
    description: 'a malformed DICOM JSON attribute (named in errors[].path) or an invalid field',
    type: ErrorBodyDto,
  })
  @ApiNotFoundResponse({ description: 'ruleset_id names no ruleset', type: ErrorBodyDto })
  processJson(@Body() dto: ProcessJsonDto): Promise<ProcessJsonResponseDto> {
    return this.service.processJson(dto);
  }

  @Post('process-file')
  @HttpCode(200)
  @Roles(RoleName.User)
  // the gate first: a dry run over the limit is refused before its upload is read
  @UseInterceptors(
    DryRunUploadGate,
    FileInterceptor('file', { storage: new TempFileStorage(), limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } }),
  )
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary' },
        ruleset_id: { type: 'integer' },
        source_identifier: { type: 'string' },
        calling_ae_title: { type: 'string' },
        called_ae_title: { type: 'string' },
        source_ip: { type: 'string' },
      },
    },
  })
  @ApiOperation({
    summary: 'Dry run on a DICOM file',
    description: `Which rulesets (the active ones, or the one given by ruleset_id, active or not) and rules match an uploaded file and why (each criterion with the values seen), the destinations chosen and a tag-by-tag before/after diff. Nothing is stored or sent. The upload (at most 512 MB) is streamed to a temp file, removed when the request ends; at most ${MAX_CONCURRENT_FILE_DRY_RUNS} run at once. ${WARNINGS}`,
  })
  @ApiOkResponse({ type: ProcessFileResponseDto })
  @ApiBadRequestResponse({ description: 'no file part', type: ErrorBodyDto })
  @ApiPayloadTooLargeResponse({ description: 'the file is larger than 512 MB', type: ErrorBodyDto })
  @ApiTooManyRequestsResponse({
    description: `${MAX_CONCURRENT_FILE_DRY_RUNS} file dry runs are running: retry after the Retry-After seconds`,
    type: ErrorBodyDto,
  })
  @ApiUnprocessableEntityResponse({ description: 'not a readable DICOM file, or an invalid field', type: ErrorBodyDto })
  processFile(
    @UploadedFile() file: UploadedDicom | undefined,
    @Body() dto: ProcessFileDto,
  ): Promise<ProcessFileResponseDto> {
    return this.service.processFile(file, dto);
  }
}
