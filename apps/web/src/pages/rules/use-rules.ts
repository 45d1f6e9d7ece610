// Data hooks of the rules page: one per API resource, next to the page that uses them.
import { keepPreviousData, useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useApi } from '../../auth/AuthProvider';
import { unwrap } from '../../api/errors';
import type { Schemas } from '../../api/types';

export type Ruleset = Schemas['RulesetDto'];
export type Rule = Schemas['RuleDto'];
export type RuleBody = Schemas['CreateRuleDto'];
export type RulesetBody = Schemas['CreateRulesetDto'];
export type StorageBackend = Schemas['StorageBackendDto'];
export type InputSource = Schemas['InputSourceDto'];
export type DictionaryEntry = Schemas['DictionaryEntryDto'];

const RULESETS = ['rulesets'] as const;

export function useRulesets(): UseQueryResult<Ruleset[]> {
  const api = useApi();
  return useQuery({ queryKey: RULESETS, queryFn: () => unwrap(api.GET('/api/v1/rules-engine/rulesets')) });
}

export function useStorageBackends(): UseQueryResult<StorageBackend[]> {
  const api = useApi();
  return useQuery({
    queryKey: ['storage-backends'],
    queryFn: () => unwrap(api.GET('/api/v1/config/storage-backends')),
  });
}

export function useInputSources(): UseQueryResult<InputSource[]> {
  const api = useApi();
  return useQuery({ queryKey: ['input-sources'], queryFn: () => unwrap(api.GET('/api/v1/system/input-sources')) });
}

/** Keyword autocomplete from the server's DICOM dictionary; nothing is asked for an empty text. */
export function useDictionary(text: string): UseQueryResult<DictionaryEntry[]> {
  const api = useApi();
  const q = text.trim();
  return useQuery({
    queryKey: ['dictionary', q],
    queryFn: () => unwrap(api.GET('/api/v1/rules-engine/dictionary', { params: { query: { q, limit: 15 } } })),
    enabled: q.length > 0,
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  });
}

export function useRuleMutations() {
  const api = useApi();
  const client = useQueryClient();
  const onSuccess = (): Promise<void> => client.invalidateQueries({ queryKey: RULESETS });
  return {
    saveRule: useMutation({
      mutationFn: ({ id, body }: { id?: number; body: RuleBody }) =>
        id === undefined
          ? unwrap(api.POST('/api/v1/rules-engine/rules', { body }))
          : unwrap(api.PUT('/api/v1/rules-engine/rules/{id}', { params: { path: { id } }, body })),
      onSuccess,
    }),
    deleteRule: useMutation({
      mutationFn: (id: number) => unwrap(api.DELETE('/api/v1/rules-engine/rules/{id}', { params: { path: { id } } })),
      onSuccess,
    }),
    saveRuleset: useMutation({
      mutationFn: ({ id, body }: { id?: number; body: RulesetBody }) =>
        id === undefined
          ? unwrap(api.POST('/api/v1/rules-engine/rulesets', { body }))
          : unwrap(api.PUT('/api/v1/rules-engine/rulesets/{id}', { params: { path: { id } }, body })),
      onSuccess,
    }),
    deleteRuleset: useMutation({
      mutationFn: (id: number) =>
        unwrap(api.DELETE('/api/v1/rules-engine/rulesets/{id}', { params: { path: { id } } })),
      onSuccess,
    }),
    /**
     * Priorities rewritten so that the rows keep the given order (lower runs first), 10 apart.
     * is_active (and execution_mode) are sent as they are: the generated types mark defaulted fields required.
     */
    reorder: useMutation({
      mutationFn: async (order: { rules: Rule[] } | { rulesets: Ruleset[] }) => {
        if ('rules' in order) {
          for (const [index, r] of order.rules.entries()) {
            const body = { priority: (index + 1) * 10, is_active: r.is_active };
            await unwrap(api.PATCH('/api/v1/rules-engine/rules/{id}', { params: { path: { id: r.id } }, body }));
          }
          return;
        }
        for (const [index, rs] of order.rulesets.entries()) {
          const body = { priority: (index + 1) * 10, is_active: rs.is_active, execution_mode: rs.execution_mode };
          await unwrap(api.PATCH('/api/v1/rules-engine/rulesets/{id}', { params: { path: { id: rs.id } }, body }));
        }
      },
      onSettled: onSuccess,
    }),
  };
}
