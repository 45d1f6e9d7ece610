import { Body, Controller, HttpCode, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Roles } from '@axiom/auth';
import { ErrorBodyDto } from '@axiom/contracts';
import { RoleName } from '@axiom/domain';
import { ProcessFileDto, ProcessFileResponseDto, ProcessJsonDto, ProcessJsonResponseDto } from './dry-run.dto';
import { DryRunService, type UploadedDicom } from './dry-run.service';

/** Largest upload a dry run accepts: a header is all it needs, but whole files are sent. */
const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

@ApiTags('rules')
@Controller('rules-engine')
export class DryRunController {
  constructor(private readonly service: DryRunService) {}

  @Post('process-json')
  @HttpCode(200)
  @Roles(RoleName.User)
  @ApiOperation({ summary: 'Dry run on a DICOM JSON object', description: 'Matches the active rulesets (or one) and applies the matched rules\' modifications to a DICOM JSON object (PS3.18 F.2). Nothing is stored or sent.' })
  @ApiOkResponse({ type: ProcessJsonResponseDto })
  @ApiNotFoundResponse({ description: 'ruleset_id names no ruleset', type: ErrorBodyDto })
  processJson(@Body() dto: ProcessJsonDto): Promise<ProcessJsonResponseDto> {
    return this.service.processJson(dto);
  }

  @Post('process-file')
  @HttpCode(200)
  @Roles(RoleName.User)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: {
    file: { type: 'string', format: 'binary' }, ruleset_id: { type: 'integer' }, source_identifier: { type: 'string' },
    calling_ae_title: { type: 'string' }, called_ae_title: { type: 'string' }, source_ip: { type: 'string' },
  } } })
  @ApiOperation({ summary: 'Dry run on a DICOM file', description: 'Which rulesets and rules match an uploaded file and why (each criterion with the values seen), the destinations chosen and a tag-by-tag before/after diff. Nothing is stored or sent.' })
  @ApiOkResponse({ type: ProcessFileResponseDto })
  @ApiBadRequestResponse({ description: 'no file part', type: ErrorBodyDto })
  @ApiUnprocessableEntityResponse({ description: 'not a readable DICOM file, or an invalid field', type: ErrorBodyDto })
  processFile(@UploadedFile() file: UploadedDicom | undefined, @Body() dto: ProcessFileDto): Promise<ProcessFileResponseDto> {
    return this.service.processFile(file, dto);
  }
}
