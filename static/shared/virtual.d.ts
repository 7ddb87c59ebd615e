/** Resolved by scripts/build.mjs to the bundled crypto Web Worker's source. */
declare module "hushnote:crypto-worker" {
  const source: string;
  export default source;
}
