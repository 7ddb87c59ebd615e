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
import { isUsableSlug } from "../../../protocol/slug";
import { warmUp } from "../../shared/crypto-client";
import { byId } from "../../shared/dom";
import { t } from "../../shared/i18n";
import { addressProblem } from "./address";
import { expectPad } from "./keys";
import { rememberedPad } from "./memory";
import { explain, notAskedFor, show, showLocked, showTitle, slug, unavailable } from "./page";
import { setUpCreate, setUpOpen } from "./unlock";
import { warnOfChanges } from "./warning";

async function start(): Promise<void> {
  if (!isUsableSlug(slug)) return unavailable(addressProblem(slug));
  showTitle();
  const config = await getConfig(SAME_ORIGIN);
  if (config.notepads === false) return unavailable(t("pad.off"));
  const status = await padStatus(SAME_ORIGIN, slug);
  warmUp();
  if (!status) {
    setUpCreate(config);
    // A server that claims the pad is gone gains nothing: a new pad gets a fresh salt from this browser.
    byId("free-before").hidden = rememberedPad(slug) === null;
    show("free", t("pad.free.status"));
    return byId("new-password").focus();
  }
  let header: Header | undefined;
  try {
    header = decodeHeader(status.header);
    // The notepad this page's own address names, whatever address the server's answer echoes.
    await checkHeader(header, { expect: expectPad(slug) });
  } catch (error) {
    if (error instanceof HeaderMismatchError) return notAskedFor(header);
    return unavailable(error instanceof UnsupportedVersionError ? t("pad.err.format") : t("pad.err.header"));
  }
  setUpOpen(config, status.header);
  const remembered = rememberedPad(slug);
  const { alarming, changes } = comparePadMemory(remembered, header);
  // Compared before the password is asked for, stretched or proven: a changed salt could be a server's offline attack.
  if (alarming && remembered) {
    show("changed", t("pad.changed.status"), "error");
    return warnOfChanges(changes, remembered, header, {
      stop: () => unavailable(t("pad.changed.stopped"), t("pad.changed.stopped.title"), true),
      proceed: () => showLocked(t("pad.changed.go")),
    });
  }
  showLocked(t("pad.locked.status"));
}

start().catch((error: unknown) => unavailable(explain(error)));
