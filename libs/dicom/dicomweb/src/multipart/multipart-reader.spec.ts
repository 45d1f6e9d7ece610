import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MultipartError, MultipartErrorCode } from './multipart.error';
import { MultipartPart, readMultipart } from './multipart-reader';
import { multipartBody, multipartBuffer } from './multipart-writer';
import { boundaryOf, parseMediaType } from './media-type';

interface Seen {
  headers: Record<string, string>;
  contentType: string | null;
  body: Buffer;
}

async function collect(chunks: Buffer[], boundary: string): Promise<Seen[]> {
  const seen: Seen[] = [];
  await readMultipart(Readable.from(chunks), boundary, async (part: MultipartPart) => {
    const parts: Buffer[] = [];
    for await (const chunk of part.body) parts.push(chunk as Buffer);
    seen.push({ headers: part.headers, contentType: part.contentType, body: Buffer.concat(parts) });
  });
  return seen;
}

const B = 'b0und4ry';
// parts whose bytes look like the delimiter's start, CRLFs and dashes, to catch off-by-ones
const BODY_A = Buffer.from('\r\n--b0und4r\r\n-\r\n--b0und4r-almost\r\n', 'latin1');
const BODY_B = Buffer.from([0, 1, 2, 0x0d, 0x0a, 0x2d, 0x2d, 0xff]);
const SMALL = Buffer.concat([
  Buffer.from(
    'preamble text\r\n--b0und4ry  \r\nContent-Type: application/dicom\r\nX-Folded: one\r\n two\r\n\r\n',
    'latin1',
  ),
  BODY_A,
  Buffer.from('\r\n--b0und4ry\r\n\r\n', 'latin1'),
  BODY_B,
  Buffer.from('\r\n--b0und4ry--\r\nepilogue --b0und4ry junk', 'latin1'),
]);

function expectSmall(seen: Seen[]): void {
  expect(seen).toHaveLength(2);
  expect(seen[0]?.contentType).toBe('application/dicom');
  expect(seen[0]?.headers['x-folded']).toBe('one two');
  expect(seen[0]?.body.equals(BODY_A)).toBe(true);
  expect(seen[1]?.contentType).toBeNull();
  expect(seen[1]?.body.equals(BODY_B)).toBe(true);
}

async function expectRefused(chunks: Buffer[], code: MultipartErrorCode, limits = {}): Promise<void> {
  const err = await readMultipart(
    Readable.from(chunks),
    B,
    async (p) => {
      for await (const chunk of p.body) void chunk;
    },
    limits,
  ).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MultipartError);
  expect((err as MultipartError).code).toBe(code);
}

describe('readMultipart', () => {
  it('reads the same parts whatever single split point the body has', async () => {
    for (let cut = 0; cut <= SMALL.length; cut++) {
      expectSmall(await collect([SMALL.subarray(0, cut), SMALL.subarray(cut)], B));
    }
  });

  it('reads the same parts from every two split points and from one-byte chunks', async () => {
    for (let a = 1; a < SMALL.length; a += 3) {
      for (let b = a + 1; b < SMALL.length; b += 5) {
        expectSmall(await collect([SMALL.subarray(0, a), SMALL.subarray(a, b), SMALL.subarray(b)], B));
      }
    }
    expectSmall(
      await collect(
        [...SMALL].map((byte) => Buffer.from([byte])),
        B,
      ),
    );
  });

  it('accepts a first boundary on the first line and a body without epilogue or final CRLF', async () => {
    const body = Buffer.from('--b0und4ry\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b0und4ry--', 'latin1');
    const seen = await collect([body], B);
    expect(seen.map((s) => s.body.toString())).toEqual(['hello']);
  });

  it('reads what the writer writes, for empty and large parts', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
    const body = await multipartBuffer(
      [
        { contentType: 'application/dicom', body: Buffer.alloc(0) },
        {
          contentType: 'application/dicom',
          headers: { 'Content-Location': 'x' },
          body: () => Readable.from([big.subarray(0, 1000), big.subarray(1000)]),
        },
      ],
      B,
    );
    const seen = await collect([body], B);
    expect(seen[0]?.body.length).toBe(0);
    expect(seen[1]?.headers['content-location']).toBe('x');
    expect(seen[1]?.body.equals(big)).toBe(true);
  });

  it('streams a large part with back-pressure instead of gathering it', async () => {
    const partSize = 64 * 1024 * 1024;
    const chunk = Buffer.alloc(256 * 1024, 7);
    let produced = 0;
    let consumed = 0;
    let maxAhead = 0;
    const source = multipartBody(
      [
        {
          contentType: 'application/dicom',
          body: () =>
            Readable.from(
              (function* () {
                for (let n = 0; n < partSize / chunk.length; n++) {
                  produced += chunk.length;
                  yield chunk;
                }
              })(),
            ),
        },
      ],
      B,
    );
    await readMultipart(source, B, async (part) => {
      await pipeline(
        part.body,
        new Writable({
          highWaterMark: 64 * 1024,
          write(data: Buffer, _enc, cb) {
            consumed += data.length;
            maxAhead = Math.max(maxAhead, produced - consumed);
            setImmediate(cb); // a slow disk
          },
        }),
      );
    });
    expect(consumed).toBe(partSize);
    expect(maxAhead).toBeLessThan(4 * 1024 * 1024);
  });

  it('refuses a body that ends before the close delimiter, in a part or before any boundary', async () => {
    await expectRefused([Buffer.from('--b0und4ry\r\n\r\npartial data')], MultipartErrorCode.Malformed);
    await expectRefused([Buffer.from('--b0und4ry\r\nContent-Type: a/b\r\n')], MultipartErrorCode.Malformed);
    await expectRefused([Buffer.from('no boundary here at all')], MultipartErrorCode.Malformed);
    await expectRefused([Buffer.alloc(0)], MultipartErrorCode.Malformed);
  });

  it('refuses a bad boundary line, a header without a name and oversized headers', async () => {
    await expectRefused([Buffer.from('--b0und4ryX\r\n\r\nx\r\n--b0und4ry--')], MultipartErrorCode.Malformed);
    await expectRefused(
      [Buffer.from('--b0und4ry\r\nno colon here\r\n\r\nx\r\n--b0und4ry--')],
      MultipartErrorCode.Malformed,
    );
    await expectRefused(
      [Buffer.from(`--b0und4ry\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\nx\r\n--b0und4ry--`)],
      MultipartErrorCode.LimitExceeded,
    );
    await expectRefused([Buffer.from('--b0und4ry\r\n\r\n12345\r\n--b0und4ry--')], MultipartErrorCode.LimitExceeded, {
      maxPartBytes: 4,
    });
    await expectRefused(
      [Buffer.from('--b0und4ry\r\n\r\n1\r\n--b0und4ry\r\n\r\n2\r\n--b0und4ry--')],
      MultipartErrorCode.LimitExceeded,
      { maxParts: 1 },
    );
  });

  it('fails the part in flight so its consumer sees the error, and leaves the input undestroyed', async () => {
    const input = Readable.from([Buffer.from('--b0und4ry\r\n\r\nsome bytes of a part')]);
    let consumerError: unknown = null;
    const err = await readMultipart(input, B, async (part) => {
      consumerError = await pipeline(
        part.body,
        new Writable({
          write(_d, _e, cb) {
            cb();
          },
        }),
      ).then(
        () => null,
        (e: unknown) => e,
      );
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MultipartError);
    expect(consumerError).toBeInstanceOf(Error);

    const open = new PassThrough(); // a request whose sender is still sending
    open.write('--b0und4ry\r\n\r\nbytes\r\n--b0und4ryX more');
    await expect(
      readMultipart(open, B, async (p) => {
        p.body.resume();
      }),
    ).rejects.toBeInstanceOf(MultipartError);
    expect(open.destroyed).toBe(false);
  });

  it('a body that breaks before its handler pipes the part anywhere: the handler still sees the error, the process stays up', async () => {
    let consumerError: unknown = null;
    const err = await readMultipart(
      Readable.from([Buffer.from('--b0und4ry\r\n\r\nthe start of a part')]),
      B,
      async (part) => {
        // a handler that first awaits something else (the STOW-RS spool's free-space check)
        await new Promise((r) => setTimeout(r, 20));
        expect(part.body.errored).toBeInstanceOf(MultipartError);
        consumerError = await pipeline(part.body, new PassThrough().resume()).then(
          () => null,
          (e: unknown) => e,
        );
      },
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MultipartError);
    expect(consumerError).toBeInstanceOf(MultipartError);
  });

  it('stops with the handler error, and discards a body the handler did not read', async () => {
    const body = Buffer.from('--b0und4ry\r\n\r\none\r\n--b0und4ry\r\n\r\ntwo\r\n--b0und4ry--');
    const failing = readMultipart(Readable.from([body]), B, async () => {
      throw new Error('disk full');
    });
    await expect(failing).rejects.toThrow('disk full');
    let parts = 0;
    await readMultipart(Readable.from([body]), B, async () => {
      parts++;
    });
    expect(parts).toBe(2);
  });
});

describe('boundaryOf and parseMediaType', () => {
  it('reads quoted and token boundaries and parameters', () => {
    expect(boundaryOf('multipart/related; type="application/dicom"; boundary=abc-123')).toBe('abc-123');
    expect(boundaryOf('Multipart/Related; boundary="a b\\"c"; type=application/dicom')).toBe('a b"c');
    expect(parseMediaType('multipart/related; type="application/dicom"; boundary=x')).toEqual({
      type: 'multipart/related',
      params: { type: 'application/dicom', boundary: 'x' },
    });
    expect(parseMediaType('not a type')).toBeNull();
    // Orthanc's STOW-RS client: two UUIDs, 73 characters (RFC 2046 says at most 70)
    const orthanc = 'f2786ddd-2e58-4f83-a7ec-303084de70f4-f2786ddd-2e58-4f83-a7ec-303084de70f4';
    expect(boundaryOf(`multipart/related; type="application/dicom"; boundary=${orthanc}`)).toBe(orthanc);
  });

  it('names the problem of a Content-Type without a usable boundary', () => {
    const codeOf = (value: string): MultipartErrorCode | null => {
      try {
        boundaryOf(value);
        return null;
      } catch (e) {
        return (e as MultipartError).code;
      }
    };
    expect(codeOf('application/dicom')).toBe(MultipartErrorCode.NotMultipart);
    expect(codeOf('')).toBe(MultipartErrorCode.NotMultipart);
    expect(codeOf('multipart/related; type="application/dicom"')).toBe(MultipartErrorCode.NoBoundary);
    expect(codeOf('multipart/related; boundary=""')).toBe(MultipartErrorCode.NoBoundary);
    expect(codeOf(`multipart/related; boundary=${'x'.repeat(201)}`)).toBe(MultipartErrorCode.NoBoundary);
  });
});
