import { Injectable } from '@nestjs/common';
import type { DictionaryEntryDto } from '@axiom/contracts';
import { dictionaryKeywords } from '@axiom/dicom-io';

/** Retired keywords and command (group 0000) elements never appear in a stored data set a rule sees. */
function usefulInRules(e: DictionaryEntryDto): boolean {
  return !e.keyword.startsWith('RETIRED_') && !e.tag.startsWith('(0000,');
}

/**
 * Keyword autocomplete for the rule editor. Ranked: the exact keyword, then keywords that start
 * with the text, then those that contain it, then tag matches; shorter keywords first, so that
 * "Pat" offers PatientID and PatientName before PatientTransportArrangements.
 */
@Injectable()
export class DictionaryService {
  private readonly entries: DictionaryEntryDto[] = dictionaryKeywords().filter(usefulInRules);

  search(text: string, limit: number): DictionaryEntryDto[] {
    const needle = text.trim().toLowerCase();
    const tagNeedle = needle.replace(/[^0-9a-fx]/g, '');
    const ranked: { entry: DictionaryEntryDto; rank: number }[] = [];
    for (const entry of this.entries) {
      const keyword = entry.keyword.toLowerCase();
      const tagDigits = entry.tag.toLowerCase().replace(/[^0-9a-fx]/g, '');
      let rank: number;
      if (keyword === needle) rank = 0;
      else if (keyword.startsWith(needle)) rank = 1;
      else if (keyword.includes(needle)) rank = 2;
      else if (tagNeedle.length >= 4 && tagDigits.includes(tagNeedle)) rank = 3;
      else continue;
      ranked.push({ entry, rank });
    }
    ranked.sort(
      (a, b) =>
        a.rank - b.rank ||
        a.entry.keyword.length - b.entry.keyword.length ||
        a.entry.keyword.localeCompare(b.entry.keyword),
    );
    return ranked.slice(0, limit).map((r) => r.entry);
  }
}
