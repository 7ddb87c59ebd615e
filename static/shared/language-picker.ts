/**
 * The language picker in every page's footer, and keeping the reader's choice. The choice lives in this browser's
 * localStorage only: no cookie, nothing sent with API calls. The Worker serves the language a page asks for with
 * `?lang=`; a later visit whose served language differs from the stored choice asks for it once the same way.
 */
import { SAME_ORIGIN } from "../../protocol/http";
import { getConfig } from "../../protocol/index";

const STORE = "hushnote.lang";
/** Set by the picker just before it reloads: the page that arrives in that language stores the choice. */
const PICKED = "hushnote.lang.picked";
const QUERY = "lang";
let keep: () => string | null = () => null;

/** A page that holds its link's fragment in memory (the address bar no longer has it) gives it back for the reload. */
export function onLanguageSwitch(fragment: () => string | null): void {
  keep = fragment;
}

/** From now on the picker stays off (the note page after Reveal: a reload would show an opened note as gone). */
export function disableLanguageSwitch(disabled = true): void {
  const select = document.getElementById("language") as HTMLSelectElement | null;
  if (select) select.disabled = disabled;
}

function stored(storage: () => Storage = () => localStorage, name = STORE): string | null {
  try {
    return storage().getItem(name);
  } catch {
    return null; // storage blocked: the browser's own languages decide
  }
}

function picked(code: string | null): void {
  try {
    if (code === null) sessionStorage.removeItem(PICKED);
    else sessionStorage.setItem(PICKED, code);
  } catch {
    // storage blocked: the choice holds for the reloaded page only
  }
}

function remember(code: string | null): void {
  try {
    if (code === null) localStorage.removeItem(STORE);
    else localStorage.setItem(STORE, code);
  } catch {
    // storage blocked: the choice holds for this page only
  }
}

/**
 * Loads this page again in `code`, carrying the fragment the page still needs. A whole URL, never a path: the path
 * "//" (which serves the create page) would otherwise be read as another host, or throw.
 */
function reloadIn(code: string, fragment: string | null): void {
  const next = new URL(location.href);
  next.searchParams.set(QUERY, code);
  if (fragment) next.hash = fragment;
  location.replace(next.href);
}

/** The stored choice if it names a language this build has (a picker option); anything else is forgotten unused. */
function storedChoice(select: HTMLSelectElement | null): string | null {
  const choice = stored();
  if (choice === null) return null;
  const known = [...(select?.options ?? [])].find((o) => o.value.toLowerCase() === choice.toLowerCase());
  if (!known) remember(null);
  return known ? known.value : null;
}

/** Honours a stored choice, tidies `?lang=` out of the address bar, and wires the footer's picker. */
export function startLanguagePicker(served: string): void {
  const url = new URL(location.href);
  const asked = url.searchParams.get(QUERY);
  const select = document.getElementById("language") as HTMLSelectElement | null;
  const choice = storedChoice(select);
  if (asked !== null) {
    const same = (a: string | null) => a !== null && a.toLowerCase() === served.toLowerCase();
    // The picker's reload arrived: keep the choice (not before, since a page asking to stay may have been kept).
    if (same(stored(() => sessionStorage, PICKED))) remember(served);
    picked(null);
    // Asked for a language this instance does not offer: forget it, or every visit would ask again.
    if (choice && asked.toLowerCase() === choice.toLowerCase() && !same(choice)) remember(null);
    url.searchParams.delete(QUERY);
    history.replaceState(history.state, "", url.href);
  } else if (choice && choice.toLowerCase() !== served.toLowerCase()) {
    reloadIn(choice, null);
    return;
  }
  if (!select) return;
  select.addEventListener("change", () => {
    const code = select.value;
    picked(code);
    // If the page asks before leaving (unsaved text) and the reader stays, nothing has changed.
    select.value = served;
    reloadIn(code, keep());
  });
  // Only the languages this instance offers ([vars] LANGUAGES); older servers do not say, so all stay.
  getConfig(SAME_ORIGIN)
    .then((config) => {
      const offered = new Set(config.languages ?? [...select.options].map((o) => o.value));
      for (const option of [...select.options]) if (!offered.has(option.value)) option.remove();
      const picker = select.closest<HTMLElement>(".languages");
      if (picker) picker.hidden = select.options.length < 2;
    })
    .catch(() => undefined); // no settings, no picker: the page itself says whether the server answers
}
