// Where the page comes from and what it may load: shared by main (Electron), the browser fallback and
// the security test, without importing Electron.

/** The page is served from this custom protocol, never file:// (Electron's security checklist). */
export const APP_ORIGIN = 'app://fipsfix';
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** Strict: our own scripts and styles only, no network at all, no plugins, no framing, no forms. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
