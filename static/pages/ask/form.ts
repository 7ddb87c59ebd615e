/** The request form: how long it stays open, how many answers, an optional description; then the request is made. */
import { HushnoteCryptoError } from "../../../crypto/index";
import { ApiError } from "../../../protocol/http";
import type { Config } from "../../../protocol/wire";
import { announce, byId } from "../../shared/dom";
import { formatDuration, t } from "../../shared/i18n";
import { serverProblem } from "../../shared/server-problem";
import { type Choices, type Made, makeRequest } from "./keys";

/** The most characters a description may have (docs/FORMAT.md, "Requests"). */
export const DESCRIPTION_MAX = 1000;

const form = byId<HTMLFormElement>("ask-form");
const description = byId<HTMLTextAreaElement>("description");
const answers = byId<HTMLInputElement>("answers");

/** Offers the instance's expiry choices and caps the number of answers at its view limit. */
function fillOptions(config: Config): void {
  // A request's lifetime is one of the expiry choices exactly (the server refuses any other).
  const choices = config.expiryChoices.filter((s) => s <= config.maxTtl).sort((a, b) => a - b);
  const preferred = choices.filter((s) => s <= config.defaultTtl).at(-1) ?? choices[0];
  byId<HTMLSelectElement>("expiry").replaceChildren(
    ...choices.map((seconds) => {
      const option = new Option(formatDuration(seconds), String(seconds));
      option.selected = seconds === preferred;
      return option;
    }),
  );
  answers.max = String(config.maxViews);
  byId("answers-hint").textContent = t("ask.answers.hint", { max: config.maxViews });
}

/** The form's choices, or a sentence saying what is wrong (focus moved to the field). */
function readChoices(config: Config): Choices | { error: string } {
  const count = Number(answers.value);
  if (!Number.isInteger(count) || count < 1 || count > config.maxViews) {
    answers.focus();
    return { error: t("ask.answers.invalid", { max: config.maxViews }) };
  }
  if (description.value.length > DESCRIPTION_MAX) {
    description.focus();
    return { error: t("ask.description.too-long", { max: DESCRIPTION_MAX }) };
  }
  return { ttl: Number(byId<HTMLSelectElement>("expiry").value), answers: count, description: description.value };
}

/** Why making the request failed, by status: never the server's own (English) sentence. */
function explain(error: unknown): string {
  if (error instanceof ApiError && error.status === 403) return t("ask.error.forbidden");
  if (error instanceof HushnoteCryptoError) return t("ask.error.crypto");
  return serverProblem(error);
}

/** Something typed: what leaving or a language switch (a reload) would throw away. */
export const hasDraft = () => !form.hidden && description.value !== "";

/** Shows the form; `done` gets the new request once it exists on the server. */
export function setUpForm(config: Config, done: (made: Made, choices: Choices) => void): void {
  fillOptions(config);
  form.hidden = false;
  const button = byId<HTMLButtonElement>("create");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const choices = readChoices(config);
    if ("error" in choices) return announce(choices.error, "error");
    button.disabled = true;
    form.setAttribute("aria-busy", "true");
    announce(t("ask.busy"));
    makeRequest(choices)
      .then((made) => {
        form.reset();
        form.hidden = true;
        announce("");
        done(made, choices);
      })
      .catch((error: unknown) => announce(explain(error), "error"))
      .finally(() => {
        button.disabled = false;
        form.removeAttribute("aria-busy");
      });
  });
}
