/*
 * An approximate device from a User-Agent header ("Firefox" and "Windows"): one parser for the
 * notification mail and the web app's session and sign-in lists. Deliberately coarse: enough for
 * a user to recognise their own device, nothing to fingerprint.
 */

export interface Device {
  browser: string | null;
  os: string | null;
}

/** The browser and operating system named by a User-Agent header; null for each not recognised. */
export function parseUserAgent(userAgent: string): Device {
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /OPR\//.test(userAgent)
      ? 'Opera'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /Chrome\/|Chromium\//.test(userAgent)
          ? 'Chrome'
          : /Safari\//.test(userAgent)
            ? 'Safari'
            : /curl\//i.test(userAgent)
              ? 'curl'
              : null;
  const os = /Windows/.test(userAgent)
    ? 'Windows'
    : /Android/.test(userAgent)
      ? 'Android'
      : /iPhone|iPad|iPod/.test(userAgent)
        ? 'iOS'
        : /Mac OS X|Macintosh/.test(userAgent)
          ? 'macOS'
          : /CrOS/.test(userAgent)
            ? 'ChromeOS'
            : /Linux/.test(userAgent)
              ? 'Linux'
              : null;
  return { browser, os };
}

/**
 * A short description of a User-Agent header joined with `separator` ("Firefox, Windows" in mail,
 * "Firefox · Windows" in the web app); null when neither the browser nor the OS is recognised.
 */
export function describeDevice(userAgent: string | null | undefined, separator = ', '): string | null {
  if (!userAgent) return null;
  const { browser, os } = parseUserAgent(userAgent);
  if (browser && os) return `${browser}${separator}${os}`;
  return browser ?? os ?? null;
}

/**
 * What the web app shows for a device: the description ("Firefox · Windows"), or for an agent it
 * does not recognise (a script, a CLI) the start of the agent itself, which says more to an
 * admin than "unknown"; null without an agent.
 */
export function deviceLabel(userAgent: string | null | undefined): string | null {
  return describeDevice(userAgent, ' · ') ?? (userAgent ? userAgent.slice(0, 60) : null);
}
