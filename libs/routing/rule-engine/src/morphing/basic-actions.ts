import type { TagModification } from '@axiom/domain';
import { isSettableVr } from '@axiom/dicom-io';
import { ReplacementTooLongError, regexReplace } from '../regex';
import type { MorphContext, Target } from './morph-context';
import { ValueBoundError, maxValueChars } from './value-bounds';

type Action<A extends TagModification['action']> = (
  ctx: MorphContext,
  m: Extract<TagModification, { action: A }>,
) => void;

const SINGLE_VALUED = new Set(['LT', 'ST', 'UT', 'UR']);

/** A rule value as element values: lists are multiple values, a string splits on backslash. */
export function valuesOf(value: unknown, vr: string): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map((v) => String(v));
  const text = String(value);
  if (text === '') return [];
  return SINGLE_VALUED.has(vr) ? [text] : text.split('\\');
}

export const setAction: Action<'set'> = (ctx, m) => {
  for (const t of ctx.targets(m.tag, true)) {
    const vr = ctx.vrFor(t, m.vr);
    const values = valuesOf(m.value, vr);
    const length = values.reduce((n, v) => n + v.length + 1, -1);
    if (length > maxValueChars(vr)) {
      ctx.warnings.push(
        `${t.path}: set: the value is longer than ${maxValueChars(vr)} characters; element left unchanged`,
      );
      continue;
    }
    ctx.write(t, values, m.vr);
  }
};

export const deleteAction: Action<'delete'> = (ctx, m) => {
  for (const t of ctx.targets(m.tag, false)) ctx.remove(t);
};

/**
 * Edits the whole (backslash-joined) value of existing elements; missing elements stay missing.
 * `edit` gets the most characters the result may have (the VR's maximum, at most the overall
 * cap) and throws before building a longer string; the element is then left as it was.
 */
function editText(
  ctx: MorphContext,
  tag: string,
  action: string,
  edit: (text: string, maxLength: number) => string,
): void {
  for (const t of ctx.targets(tag, false)) {
    const current = ctx.read(t);
    if (current === null) continue;
    const el = ctx.element(t);
    if (el?.isSequence) {
      ctx.warnings.push(`${t.path}: a sequence has no text value to edit`);
      continue;
    }
    const vr = ctx.vrFor(t);
    let edited: string;
    try {
      edited = edit(current.join('\\'), maxValueChars(vr));
    } catch (err) {
      if (!(err instanceof ValueBoundError || err instanceof ReplacementTooLongError)) throw err;
      ctx.warnings.push(`${t.path}: ${action}: ${err.message}; element left unchanged`);
      continue;
    }
    ctx.write(t, valuesOf(edited, vr));
  }
}

function concatBounded(first: string, second: string, maxLength: number): string {
  if (first.length + second.length > maxLength) throw new ValueBoundError(maxLength, 'the value');
  return first + second;
}

export const prependAction: Action<'prepend'> = (ctx, m) =>
  editText(ctx, m.tag, 'prepend', (s, max) => concatBounded(String(m.value), s, max));
export const suffixAction: Action<'suffix'> = (ctx, m) =>
  editText(ctx, m.tag, 'suffix', (s, max) => concatBounded(s, String(m.value), max));
export const regexReplaceAction: Action<'regex_replace'> = (ctx, m) =>
  editText(ctx, m.tag, 'regex_replace', (s, max) => regexReplace(s, m.pattern, m.replacement ?? '', max));

/** Copies one source (the first found) to every destination; binary values are copied as bytes. */
function copyTo(ctx: MorphContext, source: Target, destinationTag: string, destinationVr?: string): boolean {
  const el = ctx.element(source);
  if (!el) return false;
  if (el.isSequence) {
    ctx.warnings.push(`${source.path}: copying a sequence is not supported; nothing copied`);
    return false;
  }
  let wrote = false;
  for (const dest of ctx.targets(destinationTag, true)) {
    const vr = ctx.vrFor(dest, destinationVr);
    const sameSyntax = dest.item.syntax.littleEndian === source.item.syntax.littleEndian;
    if ((!isSettableVr(el.vr) || !isSettableVr(vr)) && sameSyntax) {
      wrote = ctx.writeRaw(dest, destinationVr ?? el.vr, Buffer.from(el.valueBytes())) || wrote;
    } else {
      wrote = ctx.write(dest, ctx.read(source) ?? [], vr) || wrote;
    }
  }
  return wrote;
}

export const copyAction: Action<'copy'> = (ctx, m) => {
  const source = ctx.targets(m.source_tag, false).find((t) => ctx.element(t));
  if (source) copyTo(ctx, source, m.destination_tag, m.destination_vr);
};

export const moveAction: Action<'move'> = (ctx, m) => {
  const source = ctx.targets(m.source_tag, false).find((t) => ctx.element(t));
  if (!source) return;
  const before = ctx.read(source);
  copyTo(ctx, source, m.destination_tag, m.destination_vr);
  // the source goes only if the copy landed somewhere (or the destination already held the value)
  const landed = ctx
    .targets(m.destination_tag, false)
    .some((t) => JSON.stringify(ctx.read(t)) === JSON.stringify(before));
  if (landed && source.path !== ctx.targets(m.destination_tag, false)[0]?.path) ctx.remove(source);
};
