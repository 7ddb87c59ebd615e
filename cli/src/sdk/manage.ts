/** status and revoke: the creator's view of a note through its manage link (content-free receipt, destroy now). */
import { ApiError, deleteNote, getReceipt, type Receipt } from "../../../protocol/index";
import { SdkError } from "./errors";
import { parseManageLink } from "./links";

/** What status and revoke take. */
export interface ManageOptions {
  /** The private /m/<id>#<token> link send() returned. */
  manageLink: string;
}

/** A refused manage call: the token is the only secret involved, so a 403 means it was not this note's. */
function refused(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  if (error.status === 403)
    return new SdkError(
      "wrong-password",
      "the manage token was not accepted; copy the whole manage link",
      {},
      { cause: error },
    );
  if (error.status === 404)
    return new SdkError(
      "gone",
      "this note's receipt does not exist, has expired or has been destroyed",
      {},
      { cause: error },
    );
  return error;
}

/** The receipt: live or destroyed (and why), views left, and when it was created, opened and destroyed. */
export async function status(options: ManageOptions): Promise<Receipt> {
  const { server, id, fragment } = parseManageLink(options.manageLink);
  try {
    return await getReceipt(server, id, fragment);
  } catch (error) {
    throw refused(error);
  }
}

/** Destroys the note now: its wrapped key first, then its body. */
export async function revoke(options: ManageOptions): Promise<void> {
  const { server, id, fragment } = parseManageLink(options.manageLink);
  try {
    await deleteNote(server, id, { manageToken: fragment });
  } catch (error) {
    throw refused(error);
  }
}
