/**
 * `hushnote read PRIVATE_LINK`: a request's private link is turned into its answer's share link (SDK findAnswer:
 * the answer's key unsealed here), which `read` then opens like any other; with --wait it asks until there is one.
 */
import { formatDuration, parseDuration, type Values } from "../args";
import { failWith } from "../failure";
import { onInterrupt } from "../interrupt";
import { parsePrivateLink } from "../links";
import { findAnswer } from "../sdk/request-read";
import { tell } from "../terminal";

/** The answer's /n/ link for a /q/ private link, waiting for one with --wait (Ctrl-C stops the wait, exit 130). */
export async function answerLink(link: string, values: Values): Promise<string> {
  const { server } = parsePrivateLink(link);
  const timeout = values.timeout === undefined ? undefined : parseDuration(values.timeout as string);
  const interrupt = onInterrupt(() => "stopped waiting; nothing was opened");
  let told = false;
  const onPoll = ({ expiresAt }: { expiresAt: number }) => {
    if (told) return;
    told = true;
    const left = formatDuration(Math.max(0, Math.round((expiresAt - Date.now()) / 1000)));
    tell(`Waiting for the answer (the request expires in ${left}; Ctrl-C stops waiting)…`);
  };
  try {
    const found = await findAnswer({ link, wait: Boolean(values.wait), timeout, onPoll, signal: interrupt.signal });
    if (found.others > 0)
      tell(`${found.others} more answer${found.others === 1 ? "" : "s"} to open: run read with this link again.`);
    return found.link;
  } catch (error) {
    return failWith(server)(error);
  } finally {
    interrupt.dispose();
  }
}
