import type { IncomingMessage } from 'node:http';

export async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The bodies of a multipart body's parts (for the test stand-ins; bodies there are small). */
export function splitParts(body: Buffer, contentType: string): Buffer[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return [];
  const delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  const parts: Buffer[] = [];
  let pos = body.indexOf(`--${boundary}`);
  while (pos >= 0) {
    const lineEnd = body.indexOf('\r\n', pos);
    if (lineEnd < 0 || body.subarray(pos, lineEnd).toString('latin1').endsWith('--')) break;
    const headersEnd = body.indexOf('\r\n\r\n', lineEnd);
    const next = body.indexOf(delimiter, headersEnd + 4);
    if (headersEnd < 0 || next < 0) break;
    parts.push(body.subarray(headersEnd + 4, next));
    pos = next + 2;
  }
  return parts;
}
