/** A dishonest server for the request pages, played with page.route(), and what a page sent, for searching. */
import type { Page, Request } from "playwright-core";
import { toBase64Url } from "../../crypto/base64url";
import { decodeRequestFragment, requestProof } from "../../crypto/index";

/** What GET /api/requests/:id answers. */
export interface RequestInfo {
  id: string;
  publicKey: string;
  description: string | null;
  expiresAt: number;
  answersLeft: number;
}

/** From now on, this page's GET /api/requests/<id> answers what `change` makes of the real answer. */
export async function tamperRequest(page: Page, id: string, change: (info: RequestInfo) => RequestInfo): Promise<void> {
  await page.route(`**/api/requests/${id}`, async (route) => {
    if (route.request().method() !== "GET") return route.continue();
    const response = await route.fetch();
    await route.fulfill({ response, json: change((await response.json()) as RequestInfo) });
  });
}

/** GET /api/requests/<id> as an answerer does it: with the request proof from the request link's fingerprint. */
export async function fetchRequest(link: string): Promise<RequestInfo> {
  const url = new URL(link);
  const { fp } = decodeRequestFragment(url.hash.slice(1));
  const headers = { "Hushnote-Request-Proof": toBase64Url(await requestProof(fp)) };
  return (await (await fetch(`${url.origin}/api/requests${url.pathname.slice(2)}`, { headers })).json()) as RequestInfo;
}

/** A request as text: method, URL, headers and body (latin1, so binary bodies keep their length). */
export async function serialize(request: Request): Promise<string> {
  return [
    `${request.method()} ${request.url()}`,
    JSON.stringify(await request.allHeaders()),
    request.postDataBuffer()?.toString("latin1") ?? "",
  ].join("\n");
}
