import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@axiom/auth';
import { DictionaryEntryDto, DictionaryQueryDto } from '@axiom/contracts';
import { RoleName } from '@axiom/domain';
import { DictionaryService } from './dictionary.service';

@ApiTags('rules')
@Controller('rules-engine/dictionary')
export class DictionaryController {
  constructor(private readonly dictionary: DictionaryService) {}

  @Get()
  @Roles(RoleName.User)
  @ApiOperation({
    summary: 'Search the DICOM dictionary',
    description:
      'Keywords (with tag and VR) that rules may name, for autocomplete: exact keyword first, then prefix, then substring, then tag matches. Retired and command elements are left out.',
  })
  @ApiOkResponse({ type: [DictionaryEntryDto] })
  search(@Query() query: DictionaryQueryDto): DictionaryEntryDto[] {
    return this.dictionary.search(query.q, query.limit ?? 20);
  }
}
