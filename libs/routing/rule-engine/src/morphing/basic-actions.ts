import type { TagModification } from '@axiom/domain';
import { isSettableVr } from '@axiom/dicom-io';
import { regexReplace } from '../regex';
import type { MorphContext, Target } from './morph-context';

type Action<A extends TagModification['action']> = (ctx: MorphContext, m: Extract<TagModification, { action: A }>) => void;

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
  for (const t of ctx.targets(m.tag, true)) ctx.write(t, valuesOf(m.value, ctx.vrFor(t, m.vr)), m.vr);
};

export const deleteAction: Action<'delete'> = (ctx, m) => {
  for (const t of ctx.targets(m.tag, false)) ctx.remove(t);
};

/** Edits the whole (backslash-joined) value of existing elements; missing elements stay missing. */
function editText(ctx: MorphContext, tag: string, edit: (text: string) => string): void {
  for (const t of ctx.targets(tag, false)) {
    const current = ctx.read(t);
    if (current === null) continue;
    const el = ctx.element(t);
    if (el?.isSequence) {
      ctx.warnings.push(`${t.path}: a sequence has no text value to edit`);
      continue;
    }
    const vr = ctx.vrFor(t);
    ctx.write(t, valuesOf(edit(current.join('\\')), vr));
  }
}

export const prependAction: Action<'prepend'> = (ctx, m) => editText(ctx, m.tag, (s) => m.value + s);
export const suffixAction: Action<'suffix'> = (ctx, m) => editText(ctx, m.tag, (s) => s + m.value);
export const regexReplaceAction: Action<'regex_replace'> = (ctx, m) => editText(ctx, m.tag, (s) => regexReplace(s, m.pattern, m.replacement));

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
  const landed = ctx.targets(m.destination_tag, false).some((t) => JSON.stringify(ctx.read(t)) === JSON.stringify(before));
  if (landed && source.path !== ctx.targets(m.destination_tag, false)[0]?.path) ctx.remove(source);
};
