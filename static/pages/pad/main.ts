/** The notepad page, /p/<slug>: create at a free address, open with the password, edit and save. */
import {
  checkHeader,
  comparePadMemory,
  decodeHeader,
  type Header,
  HeaderMismatchError,
  UnsupportedVersionError,
} from "../../../crypto/index";
import { getConfig, padStatus } from "../../../protocol/api";
import { SAME_ORIGIN } from "../../../protocol/http";
import { isUsableSlug, slugProblem } from "../../../protocol/slug";
import { warmUp } from "../../shared/crypto-client";
import { byId } from "../../shared/dom";
import { expectPad } from "./keys";
import { rememberedPad } from "./memory";
import { explain, notAskedFor, show, showLocked, slug, unavailable } from "./page";
import { setUpCreate, setUpOpen } from "./unlock";
import { warnOfChanges } from "./warning";

async function start(): Promise<void> {
  if (!isUsableSlug(slug)) {
    return unavailable(
      slugProblem(slug) ?? "This is not a notepad address. Addresses are 1–64 lowercase letters, digits and dashes.",
    );
  }
  byId("title").textContent = `Notepad ${slug}`;
  const config = await getConfig(SAME_ORIGIN);
  if (config.notepads === false) return unavailable("Notepads are turned off on this server.");
  const status = await padStatus(SAME_ORIGIN, slug);
  warmUp();
  if (!status) {
    setUpCreate(config);
    // A server that claims the pad is gone gains nothing: a new pad gets a fresh salt from this browser.
    byId("free-before").hidden = rememberedPad(slug) === null;
    show("free", "This address is free.");
    return byId("new-password").focus();
  }
  let header: Header | undefined;
  try {
    header = decodeHeader(status.header);
    // The notepad this page's own address names, whatever address the server's answer echoes.
    await checkHeader(header, { expect: expectPad(slug) });
  } catch (error) {
    if (error instanceof HeaderMismatchError) return notAskedFor(header);
    return unavailable(
      error instanceof UnsupportedVersionError
        ? "This notepad uses a format this version of hushnote does not know."
        : "This notepad's public header is damaged, so it cannot be opened.",
    );
  }
  setUpOpen(config, status.header);
  const remembered = rememberedPad(slug);
  const { alarming, changes } = comparePadMemory(remembered, header);
  // Compared before the password is asked for, stretched or proven: a changed salt could be a server's offline attack.
  if (alarming && remembered) {
    show("changed", "Your password has not been asked for yet: read the warning below first.", "error");
    return warnOfChanges(changes, remembered, header, {
      stop: () =>
        unavailable(
          "Nothing was sent and your password was not used. If you did not change this notepad, do not open it from this server. Reload this page to decide again.",
          "Stopped",
          true,
        ),
      proceed: () =>
        showLocked(
          "You chose to continue. Enter the password; this browser remembers the notepad's new settings once it opens.",
        ),
    });
  }
  showLocked("This notepad is locked. Enter its password.");
}

start().catch((error: unknown) => unavailable(explain(error)));
