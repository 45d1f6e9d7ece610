import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@axiom/auth';
import { AuditEntryDto, AuditQueryDto } from '@axiom/contracts';
import { RoleName } from '@axiom/domain';
import { AuditService } from './audit.service';

/** The audit log route (Admins only). */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles(RoleName.Admin)
  @ApiOperation({
    summary: 'List the audit log',
    description:
      'Every configuration change, newest first: who, when, what, before and after (secrets masked). Filters combine with AND.',
  })
  @ApiOkResponse({ type: [AuditEntryDto] })
  list(@Query() query: AuditQueryDto): Promise<AuditEntryDto[]> {
    return this.audit.list(query);
  }
}
