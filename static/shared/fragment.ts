/**
 * Secrets carried in a link's fragment (a note's link key, a manage token). A page reads the fragment once, then
 * removes it from the address bar and from history (history.replaceState), so it is not left in the URL, in history
 * or in a later screenshot. sessionStorage keeps it for this tab only, so a reload or Back still works; the page
 * forgets it once the note is gone. Where storage is off the page still works, only a reload then needs the link again.
 */
export type SecretKind = "note" | "manage" | "request" | "request-link" | "answer";

/** What the page has: the secret (null: none), or that this tab forgot it because the note is gone. */
export interface TakenSecret {
  secret: string | null;
  forgotten: boolean;
}

const storageKey = (kind: SecretKind, id: string) => `hushnote:${kind}:${id}`;
// A forgotten secret leaves this mark, so a reload can say why the key is no longer here.
const FORGOTTEN = "-";

function stored(kind: SecretKind, id: string): string | null {
  try {
    return sessionStorage.getItem(storageKey(kind, id));
  } catch {
    return null;
  }
}

function store(kind: SecretKind, id: string, value: string): void {
  try {
    sessionStorage.setItem(storageKey(kind, id), value);
  } catch {
    // Storage off or full: only a reload is lost.
  }
}

/** Removes the fragment from the address bar and the current history entry. */
function stripFragment(): void {
  history.replaceState(history.state, "", `${location.pathname}${location.search}`);
}

/** The secret from the fragment (which is then removed and kept for this tab) or, after a reload, from this tab. */
export function takeSecret(kind: SecretKind, id: string): TakenSecret {
  const fragment = location.hash.slice(1);
  if (fragment) {
    store(kind, id, fragment);
    stripFragment();
    return { secret: fragment, forgotten: false };
  }
  const kept = stored(kind, id);
  return kept === FORGOTTEN ? { secret: null, forgotten: true } : { secret: kept, forgotten: false };
}

/** Keeps a secret the page made itself (a new request's links) for this tab, as if it had come in the fragment. */
export function keepSecret(kind: SecretKind, id: string, value: string): void {
  store(kind, id, value);
}

/** Forgets the secret once its note is gone; a reload then says so instead of using it. */
export function forgetSecret(kind: SecretKind, id: string): void {
  store(kind, id, FORGOTTEN);
}

/**
 * The same link opened again in this tab changes only the fragment, which does not reload the page: the same secret
 * is removed again; another one reloads the page with it.
 */
export function watchFragment(
  kind: SecretKind,
  id: string,
  current: string | null,
  isSecret = (_: string) => true,
): void {
  addEventListener("hashchange", () => {
    const fragment = location.hash.slice(1);
    if (!fragment || !isSecret(fragment)) return;
    store(kind, id, fragment);
    stripFragment();
    if (fragment !== current) location.reload();
  });
}
