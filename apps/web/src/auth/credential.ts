// The credential lives in sessionStorage only: it is gone when the tab closes, and other tabs
// (or a later visitor of the same browser profile) never see it.
export type Credential = { kind: 'api-key' | 'bearer'; secret: string };

const STORAGE_KEY = 'axiom.credential';

export function loadCredential(storage: Storage = window.sessionStorage): Credential | null {
  const raw = storage.getItem(STORAGE_KEY);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<Credential>;
    if ((parsed.kind === 'api-key' || parsed.kind === 'bearer') && typeof parsed.secret === 'string' && parsed.secret) {
      return { kind: parsed.kind, secret: parsed.secret };
    }
  } catch {
    // a damaged entry is the same as none
  }
  storage.removeItem(STORAGE_KEY);
  return null;
}

export function saveCredential(credential: Credential | null, storage: Storage = window.sessionStorage): void {
  if (credential) storage.setItem(STORAGE_KEY, JSON.stringify(credential));
  else storage.removeItem(STORAGE_KEY);
}

/**
 * The Google redirect flow ends at the console with `#access_token=...` (sign-in.controller.ts,
 * AXIOM_CONSOLE_URL). Takes the token out of the address bar so it is neither bookmarked nor
 * left in the history.
 */
export function takeTokenFromFragment(
  location: Location = window.location,
  history: History = window.history,
): Credential | null {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const token = fragment.get('access_token');
  if (!token) return null;
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  return { kind: 'bearer', secret: token };
}
