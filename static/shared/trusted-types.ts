/**
 * Trusted Types. The pages' CSP says `require-trusted-types-for 'script'`, so an HTML or script-URL sink (innerHTML,
 * DOMParser, new Worker…) takes only a value made by a policy the page's `trusted-types` directive names
 * (scripts/build.mjs). Each policy accepts exactly what its one caller makes; anything else throws, so a string that
 * came from a note, a notepad or a server answer can never become markup or script by accident.
 */

/** The policy rules this code uses; a browser policy returns Trusted* objects, which the sinks accept as strings. */
export interface Rules {
  createHTML?(input: string): string;
  createScript?(input: string): string;
  createScriptURL?(input: string): string;
}

const factory = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: Rules): Rules } }).trustedTypes;

/** Creates the named policy; where Trusted Types are missing the rules themselves stand in (their checks still run). */
export function policy(name: string, rules: Rules): Rules {
  return factory ? factory.createPolicy(name, rules) : rules;
}

const ownWorkers = new Set<string>();
// uqr's output: one <svg> of <rect>/<path> elements with only these attributes.
const QR_SVG =
  /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="[\d ]+">(<(rect|path)( (fill|width|height|d)="[\w ,.-]*")+\/>)+<\/svg>$/;

let hushnote: Rules | undefined;
// Created on first use, so a page that never starts a worker or draws a QR code (the manage page) never asks for it.
const own = (): Rules =>
  (hushnote ??= policy("hushnote", {
    createScriptURL(url) {
      if (!ownWorkers.has(url)) throw new TypeError("Only this page's own crypto worker may be started.");
      return url;
    },
    createHTML(svg) {
      if (!QR_SVG.test(svg)) throw new TypeError("Only a QR code drawing may be inserted as markup.");
      return svg;
    },
  }));

/** A blob: URL for the crypto worker's code (part of the hashed page script), as the Worker constructor accepts it. */
export function workerScriptURL(code: Blob): string {
  const url = URL.createObjectURL(code);
  ownWorkers.add(url);
  return own().createScriptURL!(url);
}

/** uqr's QR code SVG, checked to be nothing else, as innerHTML accepts it. */
export const qrMarkup = (svg: string): string => own().createHTML!(svg);
