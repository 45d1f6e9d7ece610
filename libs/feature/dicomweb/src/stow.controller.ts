import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConsumes,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '@axiom/auth';
import { ErrorBodyDto } from '@axiom/contracts';
import { RoleName } from '@axiom/domain';
import { DICOM_JSON_MEDIA_TYPE } from './stow-media-type';
import { StowAnswer } from './stow-outcome';
import { StowService } from './stow.service';

const DESCRIPTION =
  'STOW-RS (PS3.18 10.5). The body is `multipart/related; type="application/dicom"` (chunked or with a length), one DICOM file per part; ' +
  'each part is streamed to the spool and ingested like a C-STORE (source `stow_rs`). The answer is DICOM JSON: 00081199 ReferencedSOPSequence ' +
  '(each stored instance), 00081198 FailedSOPSequence with 00081197 FailureReason (0xA700 out of resources, 0xA900 data set does not match SOP class, ' +
  '0xC000 cannot understand, 0x0110 processing failure) for each refused one. It is sent once every stored instance is durably kept.';
const STOW_JSON = {
  [DICOM_JSON_MEDIA_TYPE]: {
    schema: {
      type: 'object',
      additionalProperties: true,
      example: {
        '00081199': {
          vr: 'SQ',
          Value: [
            {
              '00081150': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
              '00081155': { vr: 'UI', Value: ['1.2.826.0.1.3680043.2.1125.1'] },
            },
          ],
        },
      },
    },
  },
};

@ApiTags('dicomweb')
@Controller('dicomweb')
export class StowController {
  constructor(private readonly stow: StowService) {}

  @Post('studies')
  @Roles(RoleName.User)
  @ApiOperation({ summary: 'Store instances (STOW-RS)', description: DESCRIPTION })
  @ApiConsumes('multipart/related')
  @ApiProduces(DICOM_JSON_MEDIA_TYPE)
  @ApiResponse({ status: 200, description: 'every instance stored', content: STOW_JSON })
  @ApiResponse({ status: 202, description: 'some instances stored, the others listed in 00081198', content: STOW_JSON })
  @ApiResponse({ status: 409, description: 'no instance stored (each listed in 00081198)', content: STOW_JSON })
  @ApiResponse({
    status: 415,
    description: 'not multipart/related of application/dicom, or no part of type application/dicom',
    type: ErrorBodyDto,
  })
  @ApiResponse({
    status: 503,
    description:
      'no instance stored: the spool is below its free-space floor (SPOOL_MIN_FREE_MB); try again after Retry-After seconds',
    content: STOW_JSON,
  })
  @ApiBadRequestResponse({
    description: 'not multipart, no boundary, or a body that is not valid multipart',
    type: ErrorBodyDto,
  })
  async storeInstances(@Req() req: Request, @Res() res: Response): Promise<void> {
    sendStowAnswer(
      res,
      await this.stow.store({ body: req, contentType: req.headers['content-type'], peerAddress: peerAddressOf(req) }),
    );
  }

  @Post('studies/:study')
  @Roles(RoleName.User)
  @ApiOperation({
    summary: 'Store instances of one study (STOW-RS)',
    description: `${DESCRIPTION} Instances of another study than the one in the URL are refused (0x0110).`,
  })
  @ApiParam({ name: 'study', description: 'Study Instance UID every instance must belong to' })
  @ApiConsumes('multipart/related')
  @ApiProduces(DICOM_JSON_MEDIA_TYPE)
  @ApiResponse({ status: 200, description: 'every instance stored', content: STOW_JSON })
  @ApiResponse({ status: 202, description: 'some instances stored, the others listed in 00081198', content: STOW_JSON })
  @ApiResponse({
    status: 409,
    description: 'no instance stored, or none of the study in the URL (each listed in 00081198)',
    content: STOW_JSON,
  })
  @ApiResponse({
    status: 415,
    description: 'not multipart/related of application/dicom, or no part of type application/dicom',
    type: ErrorBodyDto,
  })
  @ApiResponse({
    status: 503,
    description:
      'no instance stored: the spool is below its free-space floor (SPOOL_MIN_FREE_MB); try again after Retry-After seconds',
    content: STOW_JSON,
  })
  @ApiBadRequestResponse({
    description: 'not multipart, no boundary, or a body that is not valid multipart',
    type: ErrorBodyDto,
  })
  async storeStudyInstances(@Param('study') study: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendStowAnswer(
      res,
      await this.stow.store({
        body: req,
        contentType: req.headers['content-type'],
        studyInstanceUid: study,
        peerAddress: peerAddressOf(req),
      }),
    );
  }
}

function sendStowAnswer(res: Response, answer: StowAnswer): void {
  if (answer.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(answer.retryAfterSeconds));
  res.status(answer.status).type(DICOM_JSON_MEDIA_TYPE).send(JSON.stringify(answer.body));
}

/** The sender's address as SOURCE_IP criteria see it (an IPv4 peer without its ::ffff: prefix). */
function peerAddressOf(req: Request): string | null {
  const address = req.socket.remoteAddress ?? null;
  return address?.startsWith('::ffff:') ? address.slice(7) : address;
}
