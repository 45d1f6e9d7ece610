import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HTTP_STATUS_OF, ErrorCode } from '@axiom/contracts';
import { deflateBomb } from '@axiom/dicom-io/testing';
import type { AppConfig } from '@axiom/platform-config';
import { DryRunService } from './dry-run.service';
import type { RulesetLoader } from './ruleset-loader';

const loader: RulesetLoader = { loadActive: () => Promise.resolve([]), loadOne: () => Promise.resolve(null) };
const MiB = 1024 * 1024;

describe('DryRunService size bounds', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-dry-run-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers a deflate bomb with a 422 that gives the reason, within the configured inflated size', async () => {
    const service = new DryRunService(loader, {}, {
      limits: { maxObjectBytes: 4 * 1024 * MiB, maxInflatedBytes: MiB },
    } as AppConfig);
    const bomb = await deflateBomb(8 * MiB);
    const path = join(dir, 'bomb.dcm');
    writeFileSync(path, bomb);
    const refusal = service.processFile({ path, size: bomb.length }, {});
    await expect(refusal).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      detail: expect.stringMatching(/inflates to more than 1048576 bytes/),
    });
    expect(HTTP_STATUS_OF[ErrorCode.ValidationFailed]).toBe(422);
  });
});
