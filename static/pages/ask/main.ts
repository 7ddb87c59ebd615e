/**
 * The ask page. At /request: a form makes a request and shows its two links. At /q/<id>#<private>: the asker's page,
 * which follows the request live, revokes it and opens its answers. After making a request the page moves itself to
 * /q/<id> (this tab keeps the links), so a reload shows the same request.
 */
import { getConfig } from "../../../protocol/api";
import { SAME_ORIGIN } from "../../../protocol/http";
import { announce, byId } from "../../shared/dom";
import { keepSecret, takeSecret, watchFragment } from "../../shared/fragment";
import { onLanguageSwitch, t } from "../../shared/i18n";
import { serverProblem } from "../../shared/server-problem";
import { hasDraft, setUpForm } from "./form";
import { askerKeys, type Choices, type Made } from "./keys";
import { setUpLinks, showLinks } from "./links";
import { watchRequest } from "./status";

const [, route, rawId] = location.pathname.split("/");
setUpLinks();

/** The asker's page for request `id`, from its private fragment (`made`: this tab has just created it). */
function follow(id: string, fragment: string | null, made?: { requestLink: string; choices: Choices }) {
  const keys = askerKeys(fragment);
  if (!keys) return announce(t("ask.incomplete"), "error");
  document.title = t("ask.title.waiting");
  byId("heading").textContent = t("ask.heading.waiting");
  byId("intro").textContent = t("ask.intro.waiting");
  // A language switch reloads; the address bar no longer has the fragment, so it is handed back.
  onLanguageSwitch(() => fragment);
  // The request link exists only on the tab that made it (its description key is not in the private link).
  const requestLink = made?.requestLink ?? takeSecret("request-link", id).secret;
  if (requestLink)
    showLinks({ requestLink, privateLink: `${location.origin}/q/${id}#${fragment}`, ...made }, made !== undefined);
  byId("another-block").hidden = false;
  watchRequest(id, keys);
}

/** The form has made a request: show it as /q/<id> from now on, with both links kept for this tab. */
function created(made: Made, choices: Choices): void {
  keepSecret("request", made.id, made.privateFragment);
  keepSecret("request-link", made.id, made.requestLink);
  history.replaceState(null, "", `/q/${made.id}${location.search}`);
  watchFragment("request", made.id, made.privateFragment);
  follow(made.id, made.privateFragment, { requestLink: made.requestLink, choices });
}

if (route === "q") {
  const id = decodeURIComponent(rawId ?? "");
  // The private key leaves the address bar and history at once; this tab keeps it so a reload still works.
  const taken = takeSecret("request", id);
  watchFragment("request", id, taken.secret);
  if (taken.forgotten) announce(t("ask.forgotten"), "error");
  else if (!/^[A-Za-z0-9_-]{22}$/.test(id)) announce(t("ask.incomplete"), "error");
  else follow(id, taken.secret);
} else {
  // A language switch or leaving would lose a typed description: the browser asks first.
  addEventListener("beforeunload", (event) => {
    if (hasDraft()) event.preventDefault();
  });
  getConfig(SAME_ORIGIN)
    .then((config) => setUpForm(config, created))
    .catch((error: unknown) => announce(serverProblem(error), "error"));
}
