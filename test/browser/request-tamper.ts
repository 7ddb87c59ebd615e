/** A dishonest server for the request pages, played with page.route(), and what a page sent, for searching. */
import type { Page, Request } from "playwright-core";

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

/** A request as text: method, URL, headers and body (latin1, so binary bodies keep their length). */
export async function serialize(request: Request): Promise<string> {
  return [
    `${request.method()} ${request.url()}`,
    JSON.stringify(await request.allHeaders()),
    request.postDataBuffer()?.toString("latin1") ?? "",
  ].join("\n");
}
