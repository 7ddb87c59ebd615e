// The pages the build writes: each one's template folder (static/pages/<name>), route(s), file and CSP needs.
// `policies`: the Trusted Types policies each page creates (static/shared/trusted-types.ts): "hushnote" starts the
// crypto worker and draws the QR code, "htmx" parses server fragments, "dompurify" is DOMPurify's own (pad preview).
// `aliases`: further routes served by the same file (the ask page is both the request form and the asker's page).
export const PAGES = [
  { name: "create", route: "/", file: "index.html", worker: true, policies: ["hushnote", "htmx"] },
  { name: "note", route: "/n/:id", file: "note.html", worker: true, policies: ["hushnote"] },
  { name: "manage", route: "/m/:id", file: "manage.html", worker: false, policies: ["htmx"] },
  { name: "pad", route: "/p/:slug", file: "pad.html", worker: true, policies: ["hushnote", "dompurify"] },
  {
    name: "ask",
    route: "/request",
    aliases: ["/q/:id"],
    file: "ask.html",
    worker: false,
    policies: ["hushnote", "htmx"],
  },
  { name: "answer", route: "/r/:id", file: "answer.html", worker: false, policies: [] },
];
