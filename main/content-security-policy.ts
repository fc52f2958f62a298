// Where the page comes from and what it may load: shared by main (Electron), the browser fallback and
// the security test, without importing Electron.
import { randomBytes } from 'node:crypto';

/** The page is served from this custom protocol, never file:// (Electron's security checklist). */
export const APP_ORIGIN = 'app://fipsfix';
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** Strict: our own scripts and styles only, no network at all, no plugins, no framing, no forms. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * renderer/index.html names the style nonce with this placeholder, in its CSP and in the meta tag the
 * renderer reads it from; whoever serves the page puts a fresh nonce in both (pageWithNonce).
 */
export const STYLE_NONCE_PLACEHOLDER = '__FIPSFIX_STYLE_NONCE__';

/** A fresh nonce for each load of the page: 128 random bits, base64 as CSP's nonce-source expects. */
export function newStyleNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The page's policy: as CONTENT_SECURITY_POLICY, and the <style> elements Fluent UI inserts at run time
 * (Griffel's createDOMRenderer puts the nonce on each) are allowed by this load's nonce alone — never
 * 'unsafe-inline', so no style attribute or injected <style> applies.
 */
export function pagePolicy(policy: string, nonce: string): string {
  return policy.replace("style-src 'self'", `style-src 'self' 'nonce-${nonce}'`);
}

/** The page's HTML with this load's nonce in place of the placeholder (its CSP <meta> and the nonce <meta>). */
export function pageWithNonce(html: string, nonce: string): string {
  return html.replaceAll(STYLE_NONCE_PLACEHOLDER, nonce);
}
