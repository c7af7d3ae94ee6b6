// The hub's icon, inline: every page names it in a data: address (the CSP's img-src allows data:),
// so no browser asks for /favicon.ico and gets a 404 (or a 401 before it has a session).

/** The icon itself (the manifest's icon, /icon.svg: an installed page's). */
export const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
  '<rect width="32" height="32" rx="7" fill="#1f2430"/>' +
  '<path d="M8 10l6 6-6 6M17 22h7" fill="none" stroke="#7fd6a4" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>' +
  '</svg>';

/** The icon as an address (`web.favicon` in the templates). */
export const FAVICON = `data:image/svg+xml,${encodeURIComponent(SVG)}`;

/** The icon's link, for the pages that are not templates (refusals, the fallback error page). */
export const FAVICON_LINK = `<link rel="icon" type="image/svg+xml" href="${FAVICON}">`;
