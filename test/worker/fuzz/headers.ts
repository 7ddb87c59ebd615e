/** Request headers of every kind the Worker reads, each valid, near-valid, huge or garbage. */
import fc from "fast-check";
import { bytesB64, clientAddress, headerValue } from "./values";

const contentType = fc.oneof(
  fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "APPLICATION/JSON",
    "application/json;charset=latin1",
    "application/octet-stream",
    "application/octet-stream; x=1",
    "text/plain",
    "multipart/form-data; boundary=x",
    "application/x-www-form-urlencoded",
    "",
  ),
  headerValue(),
);

const authorization = fc.oneof(
  bytesB64(32).map((t) => `Bearer ${t}`),
  fc.constantFrom(31, 33, 16, 0).chain((n) => bytesB64(n).map((t) => `Bearer ${t}`)),
  fc.constantFrom("Bearer", "Bearer ", "bearer x", "Basic dXNlcjpwYXNz", `Bearer ${"A".repeat(20_000)}`),
  headerValue().map((v) => `Bearer ${v}`),
  headerValue(),
);

const range = fc.oneof(
  fc.constantFrom("bytes=0-", "bytes=0-10", "bytes=-5", "bytes=5-1", "bytes=0-1,2-3", "bytes=-0", "bytes=-"),
  fc.constantFrom("bytes=99999999999999999999-", "items=1-2", "bytes=1e3-", "bytes= 1-2"),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `bytes=${a}-${b}`),
  headerValue(),
);

const saveHeader = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc
    .record(
      { version: fc.oneof(fc.nat(), fc.jsonValue()), proof: bytesB64(32), device: bytesB64(48) },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc.constantFrom('{"__proto__":{"version":0}}', '{"version":1,"version":0}', `{"x":"${"a".repeat(9000)}"}`),
  headerValue(200),
);

const contentLength = fc.oneof(
  fc.nat().map(String),
  fc.constantFrom("0", "-1", "1e3", "abc", "99999999999999999999", " 5", "5, 5"),
);

/** Optional headers: each present or not, independently. */
export const headers = fc
  .record(
    {
      "Content-Type": contentType,
      "Content-Length": contentLength,
      Authorization: authorization,
      Range: range,
      "Hushnote-Save": saveHeader,
      "CF-Connecting-IP": clientAddress,
      Cookie: fc.constantFrom("CF_Authorization=x.y.z", "a=b"),
      "Cf-Access-Jwt-Assertion": fc.constantFrom("x.y.z", "eyJhbGciOiJub25lIn0.e30."),
    },
    { requiredKeys: [] },
  )
  .map((h) => Object.entries(h) as [string, string][]);
