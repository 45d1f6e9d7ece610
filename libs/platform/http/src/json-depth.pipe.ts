import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { RequestException } from './request.exception';

/** Deeper than any body of ours (DICOM JSON with sequences nested eight deep is about 30). */
export const MAX_JSON_DEPTH = 64;

/**
 * Refuses request bodies nested deeper than MAX_JSON_DEPTH, before validation: class-transformer
 * and class-validator walk a body recursively and a body nested thousands deep overflows the stack.
 * The walk here is iterative, so it cannot overflow itself.
 */
@Injectable()
export class JsonDepthPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' || typeof value !== 'object' || value === null) return value;
    if (depthExceeds(value, MAX_JSON_DEPTH)) {
      throw RequestException.invalid([
        { path: metadata.data ?? 'body', message: `is nested deeper than ${MAX_JSON_DEPTH} levels` },
      ]);
    }
    return value;
  }
}

export function depthExceeds(root: object, max: number): boolean {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(node))
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}
