// The browser security headers, in one place: the Worker sets them on everything it answers (worker/security-headers.ts)
// and web/vite.config.ts writes them into web/dist/_headers, which Workers Assets applies to the inbox's HTML and files
// (those are served before the Worker runs, so the Worker cannot add headers to them).

/**
 * The inbox's policy. Scripts and styles only from our own files (Vite emits no inline script; Solid sets dynamic
 * styles through the CSSOM, which `style-src` does not govern). Images and media from us or from `blob:` (previews of
 * files being attached); sockets to our own origin. `frame-ancestors 'none'` stops clickjacking.
 */
export const INBOX_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** JSON and private files: nothing in an API answer may run or load anything, even when opened as a page. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Headers every answer carries besides its CSP. No Referer at all: invite links carry their token in the path. */
export const COMMON_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
};

/** The `_headers` file for Workers Assets: every path (HTML, the SPA fallback and /assets/*) gets the inbox policy. */
export function assetHeadersFile(): string {
  const lines = Object.entries({ "Content-Security-Policy": INBOX_CSP, ...COMMON_SECURITY_HEADERS }).map(([name, value]) => `  ${name}: ${value}`);
  return ["# Written by web/vite.config.ts from shared/security-headers.ts; do not edit.", "/*", ...lines, ""].join("\n");
}
