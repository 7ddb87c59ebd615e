/** The Worker's main module: workerd accepts only the default handler and the Durable Object classes here. */
import { handler } from "./app";

export { NoteObject } from "./note-object";
export { PadObject } from "./pad-object";
export { RequestObject } from "./request-object";

export default handler() satisfies ExportedHandler<Env>;
