/** Sentences that name something of the sender's (a file, a tab): the name sits in a <bdi>, in its own direction. */

// A private-use character no message contains marks where the name goes.
const MARK = "\u{E000}";

/**
 * The sentence as nodes, `name` isolated: an Arabic file name in an English sentence (or the reverse) cannot
 * reorder the words around it. The text reads exactly as `sentence(name)` would.
 */
export function isolating(sentence: (name: string) => string, name: string): (string | Node)[] {
  return sentence(MARK)
    .split(MARK)
    .flatMap((part, i) => {
      if (i === 0) return [part];
      const bdi = document.createElement("bdi");
      bdi.textContent = name;
      return [bdi, part];
    });
}
