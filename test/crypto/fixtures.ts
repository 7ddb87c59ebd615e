/** A small notepad payload and fast KDF options shared by the kdf, sealing, rotation and v2 specs. */
import type { Payload } from "../../crypto/index";
import { TEST_FLOOR, TEST_ITERATIONS } from "./helpers";

export const PAYLOAD: Payload = { text: "pad text", tabs: [{ title: "t", text: "x" }], files: [] };
/** Test-only PBKDF2 iterations with the floor that lets seal and read accept them. */
export const fast = { iterations: TEST_ITERATIONS, ...TEST_FLOOR };
