/** A new-password field with Show, Generate passphrase and a live strength hint (create page and notepad page). */
import { byId } from "./dom";
import { t } from "./i18n";
import { generatePassphrase, type PasswordUse, strengthHint } from "./passphrase";

/** Element ids of one password field and its controls. */
export interface PasswordFieldIds {
  input: string;
  show: string;
  generate: string;
  strength: string;
  repeat?: string;
}

/** What the field offers its page: refresh the hint, forget the generated passphrase, check "type it twice". */
export interface PasswordField {
  update(): void;
  reset(): void;
  problem(): string;
}

/** Wires the controls; `changed` runs after every change. A generated passphrase also fills the repeat field. */
export function setUpPasswordField(
  ids: PasswordFieldIds,
  use: PasswordUse,
  changed: () => void = () => {},
): PasswordField {
  const input = byId<HTMLInputElement>(ids.input);
  const repeat = ids.repeat ? byId<HTMLInputElement>(ids.repeat) : null;
  const show = byId(ids.show);
  /** The last generated passphrase, whose strength is known exactly rather than estimated. */
  let generated = "";
  const update = () => {
    const hint = strengthHint(input.value, input.value !== "" && input.value === generated, use);
    const strength = byId(ids.strength);
    strength.dataset.level = hint.level;
    strength.textContent = hint.text;
    changed();
  };
  const reveal = (shown: boolean) => {
    input.type = shown ? "text" : "password";
    show.setAttribute("aria-pressed", String(shown));
  };
  input.addEventListener("input", update);
  show.addEventListener("click", () => reveal(input.type === "password"));
  byId(ids.generate).addEventListener("click", () => {
    input.value = generated = generatePassphrase();
    if (repeat) repeat.value = input.value;
    reveal(true);
    update();
  });
  return {
    update,
    reset: () => {
      generated = "";
      reveal(false);
      update();
    },
    problem: () =>
      !input.value ? t("pad.pw.missing") : repeat && input.value !== repeat.value ? t("pad.pw.differ") : "",
  };
}
