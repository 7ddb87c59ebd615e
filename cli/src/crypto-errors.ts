/** Maps the crypto module's typed errors to exit codes and sentences. */
import { CorruptEnvelopeError, UnsupportedVersionError, WrongKeyError } from "../../crypto/index";
import { CliError, EXIT } from "./errors";

/** Rethrows a crypto failure as a CliError; anything else passes through unchanged. */
export function cryptoFailure(error: unknown): never {
  if (error instanceof WrongKeyError) throw new CliError(EXIT.wrongPassword, error.message);
  if (error instanceof UnsupportedVersionError) throw new CliError(EXIT.server, `${error.message}; update hushnote`);
  if (error instanceof CorruptEnvelopeError) throw new CliError(EXIT.server, `the data from the server is damaged or was altered (${error.message})`);
  throw error;
}
